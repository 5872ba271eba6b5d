import test from 'ava';
import { execa } from 'execa';
import type { IsolatedNode } from '../../src/testing/isolated-node.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { apiNode } from '../fixtures/api/api-node.js';
import { waitUntil } from '../../src/testing/wait.js';

/**
 * `npx blvm …` from the package directory, as an operator would run it. Scripts are off: on its
 * first use in a checkout npx links the package and would run its `prepare` (a rebuild of
 * dist/ under the other tests' feet).
 */
async function npxBlvm(node: IsolatedNode, args: string[]) {
  const r = await execa('npx', ['blvm', ...args, '--config', node.configPath], {
    cwd: PACKAGE_ROOT,
    reject: false,
    timeout: 60_000,
    env: { npm_config_ignore_scripts: 'true' },
  });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

test('the bundled modules\' CLI groups run through npx blvm, and the reporter gets its numbers from the journal\'s API', async (t) => {
  const node = await apiNode(t, { bundled: ['event-journal', 'journal-reporter'], config: { 'journal-reporter': { interval_ms: 200 } } });
  await node.waitForPhase('journal-reporter', 'monitoring');
  const count = await npxBlvm(node, ['journal', 'count']);
  t.is(count.exitCode, 0, count.stderr);
  t.regex(count.stdout, /^\d+ events \(last #\d+, gaps 0\)/);
  t.regex(count.stdout, /ModuleLoaded/);
  const tail = await npxBlvm(node, ['journal', 'tail', '-n', '2']);
  t.is(tail.exitCode, 0, tail.stderr);
  t.is(tail.stdout.split('\n').length, 2);
  const summary = await npxBlvm(node, ['reporter', 'summary']);
  t.is(summary.exitCode, 0, summary.stderr);
  t.regex(summary.stdout, /^event-journal holds \d+ events \(#1 to #\d+, 0 gaps\)/);
  t.regex(summary.stdout, /reporter: \d+ reports, 0 failures/);
  const json = JSON.parse((await npxBlvm(node, ['reporter', 'summary', '--json'])).stdout);
  t.true(json.reporter.reports >= 2, 'it also reports periodically');
  t.truthy(await node.waitForLog(/journal holds \d+ events/), 'its periodic reports reach the node log');
  const help = await npxBlvm(node, ['--help']);
  t.regex(help.stdout, /module commands \(from the running node\):/);
  t.regex(help.stdout, /blvm journal count \[--type TYPE\] \[--json\]\s+how many events the journal holds, per type \[event-journal\]/);
  t.regex(help.stdout, /blvm reporter summary/);
});

test('usage problems of a module group exit 2 with its usage; unknown groups exit 2 naming the groups there are', async (t) => {
  const node = await apiNode(t, { bundled: ['event-journal'] });
  await node.waitForPhase('event-journal', 'monitoring');
  const bare = await node.cli(['journal']);
  t.is(bare.exitCode, 2);
  t.regex(bare.stderr, /usage: blvm journal <command> \[args\]/);
  const badN = await node.cli(['journal', 'tail', '-n', 'many']);
  t.is(badN.exitCode, 2);
  t.regex(badN.stderr, /-n: expected a whole number/);
  const unknownOption = await node.cli(['journal', 'tail', '--colour']);
  t.is(unknownOption.exitCode, 2);
  const unknown = await node.cli(['ledger', 'show']);
  t.is(unknown.exitCode, 2);
  t.regex(unknown.stderr, /unknown command "ledger show".*module groups: journal/);
});

test('a module\'s CLI group disappears when it stops, and without a daemon module groups are explained', async (t) => {
  const node = await apiNode(t, { bundled: ['event-journal'] });
  await node.waitForPhase('event-journal', 'monitoring');
  t.is((await node.cli(['module', 'unload', 'event-journal'])).exitCode, 0);
  const gone = await node.cli(['journal', 'count']);
  t.is(gone.exitCode, 2);
  t.regex(gone.stderr, /no module registered a group/);
  t.notRegex((await node.cli(['--help'])).stdout, /module commands/);
  await node.stop();
  const down = await node.cli(['journal', 'count']);
  t.is(down.exitCode, 2);
  t.regex(down.stderr, /unknown command "journal"; module command groups come from a running node, and no blvm daemon is running/);
  const help = await node.cli(['--help']);
  t.is(help.exitCode, 0);
  t.notRegex(help.stdout, /module commands/);
});

test('blvm events prints the node\'s event log and follows it', async (t) => {
  const node = await apiNode(t, { modules: { other: { fixture: 'idle.mjs' } } });
  await node.waitForPhase('other', 'monitoring');
  const text = await node.cli(['events', '--type', 'ModuleLoaded']);
  t.is(text.exitCode, 0, text.stderr);
  t.regex(text.stdout, /#\d+\s+\S+Z\s+ModuleLoaded\s+node\s+\{"module_id":"[^"]+","module_name":"other","version":"1.0.0"\}/);
  // -n 1: the first unload is printed whether the follower connects before it or after it;
  // the second one can only arrive live.
  const follow = execa('node', [`${PACKAGE_ROOT}/bin/blvm.js`, 'events', '--follow', '-n', '1', '--json', '--type', 'ModuleUnloaded', '--config', node.configPath], { reject: false });
  let out = '';
  follow.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const lines = () => out.split('\n').filter(Boolean);
  t.is((await node.cli(['module', 'unload', 'other'])).exitCode, 0);
  await waitUntil(() => lines().length >= 1, { message: () => `the first ModuleUnloaded on blvm events --follow; got ${JSON.stringify(out)}` });
  t.is((await node.cli(['module', 'load', 'other'])).exitCode, 0);
  t.is((await node.cli(['module', 'unload', 'other'])).exitCode, 0);
  await waitUntil(() => lines().length >= 2, { message: () => `the second ModuleUnloaded, live, on blvm events --follow; got ${JSON.stringify(out)}` });
  follow.kill('SIGINT');
  const result = await follow;
  t.is(result.exitCode, 0);
  const [first, second] = lines().map((l) => JSON.parse(l));
  t.like(first, { type: 'ModuleUnloaded', data: { module_name: 'other', reason: 'operator' } });
  t.like(second, { type: 'ModuleUnloaded', data: { module_name: 'other', reason: 'operator' } });
  t.true(second.seq > first.seq);
});
