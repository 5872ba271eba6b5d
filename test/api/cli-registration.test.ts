import test from 'ava';
import { controlCall } from '../../src/control/control-client.js';
import { BlvmError } from '../../src/errors.js';
import type { RawClient } from '../ipc/support/raw-client.js';
import { Harness, until } from './support/api-harness.js';

const SPEC = {
  name: 'journal',
  about: 'the journal',
  commands: [
    { name: 'tail', about: 'newest', args: [{ name: 'lines', short: 'n', long: 'lines', takes_value: true, help: 'how many' }] },
    { name: 'fail', about: 'always fails' },
  ],
};

/** Answers cli.run invokes: `tail` echoes what it got, `fail` answers with an error. */
function answerCli(client: RawClient): void {
  void (async () => {
    for (;;) {
      const f = await client.next((x) => x.kind === 'invoke', 30_000).catch(() => null);
      if (!f) return;
      if (f.params.command === 'fail') client.send({ kind: 'invoke_result', id: f.id, error: { code: 'unavailable', message: 'disk gone' } });
      else client.send({ kind: 'invoke_result', id: f.id, result: { exit_code: 3, stdout: JSON.stringify(f.params), stderr: 'warn\n' } });
    }
  })();
}

test('a registered group is listed by getmoduleclispecs and runs on its module through runmodulecli', async (t) => {
  const h = await Harness.start(t);
  const { client, inst } = await h.loaded('journal', { capabilities: ['register_cli'] });
  t.deepEqual((await client.request(1, 'cli.register', SPEC)).result, { group: 'journal', commands: ['tail', 'fail'] });
  answerCli(client);
  const specs = (await controlCall(h.controlSocket, 'getmoduleclispecs', {})) as { groups: Record<string, unknown>[] };
  t.like(specs.groups[0], { name: 'journal', module: 'journal', instance_id: inst.instanceId });
  const run = (await controlCall(h.controlSocket, 'runmodulecli', { group: 'journal', args: ['tail', '-n', '7'] })) as Record<string, any>;
  t.is(run.exit_code, 3);
  t.is(run.stderr, 'warn\n');
  t.deepEqual(JSON.parse(run.stdout), { group: 'journal', command: 'tail', args: ['-n', '7'], options: { lines: '7' }, positionals: [] });
});

test('usage problems are answered by the node with exit code 2, without bothering the module', async (t) => {
  const h = await Harness.start(t);
  const { client } = await h.loaded('journal', { capabilities: ['register_cli'] });
  await client.request(1, 'cli.register', SPEC);
  const run = (args: string[]) => controlCall(h.controlSocket, 'runmodulecli', { group: 'journal', args }) as Promise<Record<string, any>>;
  t.like(await run([]), { exit_code: 2 });
  t.regex((await run([])).stderr, /usage: blvm journal <command>/);
  t.like(await run(['--help']), { exit_code: 0 });
  t.regex((await run(['nope'])).stderr, /blvm journal: unknown command "nope"/);
  t.regex((await run(['tail', '--bogus'])).stderr, /blvm journal tail: .*--bogus/);
  t.like(await run(['tail', '--help']), { exit_code: 0 });
  t.false(client.frames.some((f) => f.kind === 'invoke'), 'no invoke reached the module');
});

test('a module failure is an error of runmodulecli, and an unknown group is not_found', async (t) => {
  const h = await Harness.start(t);
  const { client } = await h.loaded('journal', { capabilities: ['register_cli'] });
  await client.request(1, 'cli.register', SPEC);
  answerCli(client);
  const failed = await t.throwsAsync(controlCall(h.controlSocket, 'runmodulecli', { group: 'journal', args: ['fail'] }), { instanceOf: BlvmError });
  t.is(failed?.code, 'unavailable');
  t.regex(failed?.message ?? '', /blvm journal fail: journal: disk gone/);
  const unknown = await t.throwsAsync(controlCall(h.controlSocket, 'runmodulecli', { group: 'ledger', args: ['x'] }), { instanceOf: BlvmError });
  t.is(unknown?.code, 'not_found');
  t.regex(unknown?.message ?? '', /module groups: journal/);
});

test('a group belongs to one module, and disappears when its module\'s connection ends', async (t) => {
  const h = await Harness.start(t);
  const { client: owner } = await h.loaded('journal', { capabilities: ['register_cli'] });
  await owner.request(1, 'cli.register', SPEC);
  const { client: thief } = await h.loaded('thief', { capabilities: ['register_cli'] });
  const stolen = await thief.request(1, 'cli.register', SPEC);
  t.is(stolen.error.code, 'invalid_request');
  t.regex(stolen.error.message, /already registered by module journal/);
  owner.socket.destroy();
  await until(async () => ((await controlCall(h.controlSocket, 'getmoduleclispecs', {})) as { groups: unknown[] }).groups.length === 0);
  t.is((await thief.request(2, 'cli.register', SPEC)).result.group, 'journal', 'free again once its owner is gone');
});

test('a module that answers cli.run with nonsense yields exit code 1 and a message', async (t) => {
  const h = await Harness.start(t);
  const { client } = await h.loaded('journal', { capabilities: ['register_cli'] });
  await client.request(1, 'cli.register', SPEC);
  void client.next((x) => x.kind === 'invoke').then((f) => client.send({ kind: 'invoke_result', id: f.id, result: { stdout: 'hi' } }));
  const run = (await controlCall(h.controlSocket, 'runmodulecli', { group: 'journal', args: ['tail'] })) as Record<string, any>;
  t.is(run.exit_code, 1);
  t.regex(run.stderr, /without a valid "exit_code"/);
});
