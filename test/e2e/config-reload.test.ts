// Live configuration reload (issue 15): `blvm reload` and SIGHUP apply an edited blvm.toml to
// the running daemon, touching only the modules the edit concerns.
import test from 'ava';
import { readFile, writeFile } from 'node:fs/promises';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { scaledTimeout } from '../../src/testing/wait.js';
import { generatePrivateKey, publicKeyOf } from '../../src/trust/keys.js';
import { signModule } from '../../src/trust/sign-module.js';

const manifest = (name: string) =>
  `name = "${name}"\nversion = "1.0.0"\nentry_point = "main.js"\ndescription = "reload test"\nauthor = "blvm tests"\ncapabilities = []\n`;

const SOURCE = `import { connect } from 'blvm/sdk';
const node = await connect();
const config = await node.config();
console.log('config greeting=' + config.greeting);
await node.ready();
setInterval(() => {}, 1000);`;

const NAMES = ['steady', 'tuned', 'dropped', 'added'];

async function lineSeen(node: IsolatedNode, module: string, line: string): Promise<void> {
  const deadline = Date.now() + scaledTimeout(20_000);
  while (Date.now() < deadline) {
    if ((await node.logs(module, 200).catch(() => [])).some((l) => l.includes(line))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${module} never printed "${line}"`);
}

test('blvm reload adds a module, restarts one whose table changed and disables a third without touching the others (issue 15)', async (t) => {
  const node = await IsolatedNode.create({ start: false, extraConfig: '[modules.tuned]\ngreeting = "one"\n' });
  t.teardown(() => node.destroy());
  for (const name of NAMES) await node.addModule(name, manifest(name), SOURCE);
  const original = await readFile(node.configPath, 'utf8');
  const withLists = (disabled: string) => original.replace('modules_dir = "modules"\n', `modules_dir = "modules"\ndisabled_modules = [${disabled}]\n`);
  await writeFile(node.configPath, withLists('"added"'));
  await node.start();
  const before = new Map<string, number>();
  for (const name of ['steady', 'tuned', 'dropped']) before.set(name, (await node.waitForPhase(name, 'monitoring')).pid!);
  t.is((await node.module('added')).phase, 'stopped');
  await lineSeen(node, 'tuned', 'config greeting=one');
  const status0 = await node.status();

  const edited = withLists('"dropped"').replace('greeting = "one"', 'greeting = "two"') + '\n[store]\nretention_events = 500\n';
  await writeFile(node.configPath, edited.replace('max_missed_pings = 3', 'max_missed_pings = 4'));
  const result = await node.cli(['reload'], { timeoutMs: 120_000 });
  t.is(result.exitCode, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /\[modules\] disabled_modules: \["added"\] -> \["dropped"\]/);
  t.regex(result.stdout, /\[supervision\] max_missed_pings: 3 -> 4/);
  t.regex(result.stdout, /module dropped disabled \(listed in \[modules\]\.disabled_modules\): module dropped: stopped/);
  t.regex(result.stdout, /module added enabled: module added: monitoring/);
  t.regex(result.stdout, /module tuned: \[modules\.tuned\] changed, restarted: module tuned: monitoring/);
  t.regex(result.stdout, /needs a daemon restart \(not applied\):\n {2}\[store\] retention_events: 100000 -> 500/);

  const after = await node.status();
  t.is(after.node.pid, status0.node.pid, 'the daemon was not restarted');
  t.true(after.node.config_loaded_at! > status0.node.config_loaded_at!);
  const phase = (name: string) => after.modules.find((m) => m.name === name)!;
  t.is(phase('steady').pid, before.get('steady')!, 'an unrelated module keeps its process');
  t.is(phase('steady').restarts, 0);
  t.is(phase('dropped').phase, 'stopped');
  t.is(phase('added').phase, 'monitoring');
  t.is(phase('tuned').phase, 'monitoring');
  t.not(phase('tuned').pid, before.get('tuned')!);
  await lineSeen(node, 'tuned', 'config greeting=two');

  // An invalid file changes nothing.
  await writeFile(node.configPath, edited.replace('[store]', '[store]\nretention_event = 5'));
  const invalid = await node.cli(['reload']);
  t.is(invalid.exitCode, 1);
  t.regex(invalid.stderr, /\[store\]\.retention_event: unknown key.*did you mean.*retention_events/s);
  const unchanged = await node.status();
  t.is(unchanged.node.config_loaded_at, after.node.config_loaded_at);
  t.deepEqual(unchanged.modules.map((m) => [m.name, m.pid]), after.modules.map((m) => [m.name, m.pid]));

  // SIGHUP does the same as blvm reload.
  await writeFile(node.configPath, withLists(''));
  process.kill(after.node.pid, 'SIGHUP');
  await node.waitForPhase('dropped', 'monitoring');
  t.is((await node.module('steady')).pid, before.get('steady')!);
});

test('a reload that drops a trusted key stops only the module that no longer verifies (issue 15)', async (t) => {
  const alice = generatePrivateKey();
  const bob = generatePrivateKey();
  const security = (keys: string) => `[security]\nrequire_signatures = true\nsignature_threshold = "1-of-1"\ntrusted_maintainers = [ ${keys} ]\n`;
  const aliceKey = `{ name = "alice", public_key = "${publicKeyOf(alice)}" }`;
  const bobKey = `{ name = "bob", public_key = "${publicKeyOf(bob)}" }`;
  const node = await IsolatedNode.create({ start: false, security: security(`${aliceKey}, ${bobKey}`) });
  t.teardown(() => node.destroy());
  await signModule(await node.addModule('steady', manifest('steady'), SOURCE), alice, { name: 'alice' });
  await signModule(await node.addModule('tuned', manifest('tuned'), SOURCE), bob, { name: 'bob' });
  await node.start();
  const steady = await node.waitForPhase('steady', 'monitoring');
  await node.waitForPhase('tuned', 'monitoring');

  const text = await readFile(node.configPath, 'utf8');
  await writeFile(node.configPath, text.replace(security(`${aliceKey}, ${bobKey}`), security(aliceKey)));
  const result = await node.cli(['reload'], { timeoutMs: 120_000 });
  t.is(result.exitCode, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /\[security\] trusted_maintainers:/);
  t.regex(result.stdout, /module tuned no longer verifies .*: module tuned: rejected/);
  const tuned = await node.module('tuned');
  t.is(tuned.phase, 'rejected');
  t.is(tuned.pid, null);
  t.true(tuned.problems.some((p) => /signature/i.test(p)), JSON.stringify(tuned.problems));
  const after = await node.module('steady');
  t.is(after.pid, steady.pid, 'the module that still verifies keeps running untouched');
});
