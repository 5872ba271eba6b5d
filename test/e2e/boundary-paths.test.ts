import test from 'ava';
import { lstat, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixtureResult, nodeWithFixtures } from '../fixtures/containment/node.js';
import { needBwrap } from '../sandbox/helpers.js';
import { DYNAMIC_FIRST, DYNAMIC_LAST } from '../../src/sandbox/module-user.js';
import type { IsolatedNode } from '../../src/testing/isolated-node.js';

const HOST_TEXT = 'host file: must never change\n';

/** A host file outside the data dir that the attacks aim at. */
async function hostFile(node: IsolatedNode): Promise<string> {
  const file = join(node.root, 'host-file.txt');
  await writeFile(file, HOST_TEXT);
  return file;
}

/** The Uid:, NoNewPrivs: and CapEff: lines of /proc/<pid>/status, read from the host. */
async function hostView(pid: number): Promise<{ uids: number[]; noNewPrivs: string; capEff: string }> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): string => text.match(new RegExp(`^${name}:\\s*(.*)$`, 'm'))?.[1].trim() ?? '';
  return { uids: field('Uid').split(/\s+/).map(Number), noNewPrivs: field('NoNewPrivs'), capEff: field('CapEff') };
}

async function waitForResult(node: IsolatedNode, module: string, done: (r: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 30_000;
  let last: Record<string, unknown> = {};
  while (Date.now() < deadline) {
    last = await fixtureResult(node, module).catch(() => ({}));
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`module ${module} never reported what was waited for; last: ${JSON.stringify(last)}\n${node.log().slice(-3000)}`);
}

test('a module with no capabilities cannot redirect daemon writes, write kernel tunables, read host secrets, run as host root or fork past max_processes (issue 13)', async (t) => {
  if (!(await needBwrap(t))) return;
  const corePattern = await readFile('/proc/sys/kernel/core_pattern', 'utf8');
  const node = await nodeWithFixtures(t, { hostile: { fixture: 'hostile' }, bystander: { fixture: 'probe' } }, { start: false });
  const target = await hostFile(node);
  await writeFile(node.configPath, `${await readFile(node.configPath, 'utf8')}\n[modules.hostile]\ntarget = "${target}"\nfork_bomb = 64\nmax_processes = 24\n`);
  await node.start();
  const r = await fixtureResult(node, 'hostile');
  for (const attempt of ['plant_log', 'plant_config', 'plant_config_temp', 'plant_legacy_config', 'plant_legacy_config_temp']) {
    t.not(r[attempt], 'ok', `${attempt} must fail`);
  }
  t.is(r.write_core_pattern, 'EROFS', 'read-only even before permissions are checked');
  t.is(r.write_sys, 'EROFS');
  t.is(r.read_shadow, 'EACCES');
  t.is(r.list_root_home, 'EACCES');
  t.is(r.write_db, 'ok', 'its own db/ stays writable');
  const bomb = r.fork_bomb as { started: number; refused: number };
  t.true(bomb.refused > 0 && bomb.started < 24, `max_processes held: ${JSON.stringify(bomb)}`);
  const uid = r.uid as number;
  t.true(uid >= DYNAMIC_FIRST && uid <= DYNAMIC_LAST, `dynamic uid, got ${uid}`);
  t.is(r.gid, uid);
  const info = await node.module('hostile');
  const view = await hostView(info.pid!);
  t.deepEqual(view.uids, [uid, uid, uid, uid], 'not root on the host, seen from outside');
  t.is(view.noNewPrivs, '1');
  t.is(view.capEff, '0000000000000000');
  t.like(info.sandbox!.layers.find((l) => l.name === 'user'), { active: true, detail: `uid ${uid}, gid ${uid} (dedicated dynamic uid)` });
  t.false(info.sandbox!.runs_as_root);
  const dataOf = join(node.dataDir, 'modules', 'hostile');
  t.is((await stat(join(dataOf, 'db'))).uid, uid);
  t.is((await stat(join(dataOf, 'work'))).uid, uid);
  t.is((await stat(dataOf)).uid, 0, 'the module dir itself stays the daemon\'s');
  t.true((await lstat(join(dataOf, 'logs', 'output.log'))).isFile());
  t.true((await lstat(join(dataOf, 'run', 'config.json'))).isFile());
  t.is(await readFile(target, 'utf8'), HOST_TEXT);
  t.is(await readFile('/proc/sys/kernel/core_pattern', 'utf8'), corePattern);
  await node.waitForPhase('bystander', 'monitoring');
  t.is((await node.module('hostile')).phase, 'monitoring');
  const status = await node.cli(['status']);
  t.is(status.exitCode, 0);
  t.regex(status.stdout, /hostile .*usr/);
  t.notRegex(status.stdout, /running as root/);
});

test('with [sandbox] mode = "none" links a root module plants where the daemon writes are never followed: the config is recreated, a linked log refuses the restart (issue 13)', async (t) => {
  const spec = { fixture: 'hostile' as const };
  const node = await nodeWithFixtures(t, { configlinker: spec, loglinker: spec, bystander: { fixture: 'probe' } }, { start: false });
  const target = await hostFile(node);
  const attack = (name: string, kind: string) => `[modules.${name}]\ntarget = "${target}"\nattack = "${kind}"\ncrash_after_plant = true\n`;
  await writeFile(node.configPath, `${await readFile(node.configPath, 'utf8')}\n[sandbox]\nmode = "none"\n${attack('configlinker', 'config')}${attack('loglinker', 'log')}`);
  await node.start();
  const again = await waitForResult(node, 'configlinker', (r) => r.restarted === true);
  t.like(again.config, { attack: 'config', crash_after_plant: true }, 'the restart read a config.json the daemon wrote anew');
  const run = join(node.dataDir, 'modules', 'configlinker', 'run');
  t.true((await lstat(join(run, 'config.json'))).isFile(), 'config.json is a regular file again');
  const refused = await node.waitFor('loglinker', (m) => m.problems.some((p) => /output\.log is a symbolic link/.test(p)));
  t.regex(refused.problems.join('\n'), new RegExp(`${join('modules', 'loglinker', 'logs', 'output.log')} is a symbolic link; refusing`));
  t.is(await readFile(target, 'utf8'), HOST_TEXT, 'the host file is unchanged');
  await node.waitForPhase('bystander', 'monitoring');
  t.is((await node.module('configlinker')).phase, 'monitoring');
  const status = await node.cli(['status']);
  t.is(status.exitCode, 0);
  t.regex(status.stdout, /NOTICE: running as root on the host: .*bystander/);
  const json = JSON.parse((await node.cli(['status', '--json'])).stdout) as { modules: { name: string; sandbox: { runs_as_root: boolean } }[] };
  t.true(json.modules.find((m) => m.name === 'bystander')!.sandbox.runs_as_root);
});
