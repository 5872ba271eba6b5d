import test, { type ExecutionContext } from 'ava';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fixtureResult, nodeWithFixtures } from '../fixtures/containment/node.js';
import { needBwrap } from '../sandbox/helpers.js';
import type { IsolatedNode } from '../../src/testing/isolated-node.js';

async function loopbackListener(t: ExecutionContext): Promise<number> {
  const server: Server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as { port: number }).port;
}

async function plantSecret(node: IsolatedNode): Promise<void> {
  const dir = join(node.dataDir, 'modules', 'victim');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'secret.txt'), 'victim secret');
}

test('under the default config a module cannot read another module, write outside its data dir or reach loopback TCP', async (t) => {
  if (!(await needBwrap(t))) return;
  const port = await loopbackListener(t);
  const node = await nodeWithFixtures(t, { escaper: { fixture: 'escape' }, victim: { fixture: 'probe' } }, { extraConfig: `[modules.escaper]\nport = ${port}\n`, start: false });
  await plantSecret(node);
  await node.start();
  const r = await fixtureResult(node, 'escaper');
  t.like(r, { read_own_config: 'ok', write_own_data: 'ok' });
  t.is(r.read_other_module_data, 'ENOENT');
  t.regex(String(r.read_other_via_proc_root), /^(ENOENT|EACCES)$/, 'hidden, and /proc/1/root is not the unprivileged uid\'s to open');
  t.is(r.read_node_store, 'ENOENT');
  t.not(r.write_node_data, 'ok');
  t.not(r.write_module_code, 'ok');
  t.is(r.unmount_data, 'refused');
  t.true((r.visible_pids as number) <= 4, `sees ${String(r.visible_pids)} processes`);
  t.not(r.tcp_loopback, 'ok');
  t.false(existsSync(join(node.dataDir, 'escape.txt')));
  t.false(existsSync(join(node.root, 'escape.txt')), 'a write into the hidden node root stays inside the sandbox');
  t.false(existsSync(join(node.modulesDir, 'escaper', 'escape.txt')));
  t.true(existsSync(join(node.dataDir, 'modules', 'escaper', 'work', 'own.txt')));
  const info = await node.module('escaper');
  t.like(info.sandbox!.layers.find((l) => l.name === 'bwrap_fs'), { active: true });
  t.like(info.sandbox!.layers.find((l) => l.name === 'bwrap_net'), { active: true });
  t.is(info.sandbox!.warning, undefined);
});

test('a module holding network_access can open a TCP connection to a loopback listener', async (t) => {
  if (!(await needBwrap(t))) return;
  const port = await loopbackListener(t);
  const node = await nodeWithFixtures(t, { netter: { fixture: 'escape', capabilities: ['network_access'] } }, { extraConfig: `[modules.netter]\nport = ${port}\n` });
  const r = await fixtureResult(node, 'netter');
  t.is(r.tcp_loopback, 'ok');
  t.is(r.read_node_store, 'ENOENT', 'the filesystem stays sandboxed');
  const info = await node.module('netter');
  t.like(info.sandbox!.layers.find((l) => l.name === 'bwrap_net'), { active: false });
  t.regex(info.sandbox!.layers.find((l) => l.name === 'bwrap_net')!.detail, /network_access/);
});

test('with [sandbox] mode = "none" the bwrap layers are reported off and nothing is hidden', async (t) => {
  const node = await nodeWithFixtures(t, { escaper: { fixture: 'escape' }, victim: { fixture: 'probe' } }, { extraConfig: '[sandbox]\nmode = "none"\n', start: false });
  await plantSecret(node);
  await node.start();
  const r = await fixtureResult(node, 'escaper');
  t.is(r.read_other_module_data, 'ok');
  const info = await node.module('escaper');
  t.like(info.sandbox, { mode: 'none' });
  t.like(info.sandbox!.layers.find((l) => l.name === 'bwrap_fs'), { active: false, detail: '[sandbox] mode = "none"' });
  t.is(info.sandbox!.warning, undefined);
  t.true(info.sandbox!.layers.find((l) => l.name === 'process_group')!.active);
});
