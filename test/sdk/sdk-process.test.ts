import { writeFile } from 'node:fs/promises';
import test from 'ava';
import { expectInstance, nextEvent, startServer } from '../ipc/support/module-server-fixture.js';
import { moduleEnv } from './support/module-env.js';
import { spawnModule } from './support/spawn-module.js';

const FIXTURE = 'test/fixtures/ipc/sdk-module.ts';

test('an SDK module connects, reads its config, readies, and exits by itself when the node closes the socket', async (t) => {
  const fx = await startServer(t);
  const inst = expectInstance(fx.server, 'sdk-module', 1);
  const env = moduleEnv(fx.socketPath, fx.dir, inst);
  await writeFile(env.BLVM_CONFIG, JSON.stringify({ interval: 3 }));
  const ready = nextEvent(fx.server, 'ready', () => true, 30_000);
  const mod = spawnModule(t, FIXTURE, env);
  t.deepEqual(await ready, { module: 'sdk-module', instanceId: inst.instanceId });
  await mod.waitFor(`ready ${inst.instanceId} {"interval":3}`);
  await fx.server.close();
  const exit = await mod.exited;
  t.deepEqual(exit, { code: 0, signal: null });
  t.regex(mod.stdout(), /shutdown handler ran: connection to the node closed/);
});

test('a shutdown message runs the module\'s shutdown handler and the process exits 0', async (t) => {
  const fx = await startServer(t);
  const inst = expectInstance(fx.server, 'sdk-module', 1);
  const ready = nextEvent(fx.server, 'ready', () => true, 30_000);
  const mod = spawnModule(t, FIXTURE, moduleEnv(fx.socketPath, fx.dir, inst));
  await ready;
  const gone = nextEvent(fx.server, 'disconnected', () => true, 30_000);
  t.true(fx.server.sendShutdown(inst.instanceId, 'operator stop'));
  t.deepEqual(await mod.exited, { code: 0, signal: null });
  t.regex(mod.stdout(), /shutdown handler ran: operator stop/);
  t.is((await gone).module, 'sdk-module');
});

test('events sent by the node reach the module\'s event handlers', async (t) => {
  const fx = await startServer(t);
  const inst = expectInstance(fx.server, 'sdk-module', 1);
  const ready = nextEvent(fx.server, 'ready', () => true, 30_000);
  const mod = spawnModule(t, FIXTURE, moduleEnv(fx.socketPath, fx.dir, inst));
  await ready;
  t.true(fx.server.send(inst.instanceId, { kind: 'event', type: 'NewBlock', data: { height: 1 } }));
  await mod.waitFor('event NewBlock');
  t.pass();
});

test('a module started without the node\'s environment exits with an error naming the missing variable', async (t) => {
  const mod = spawnModule(t, FIXTURE, {});
  const exit = await mod.exited;
  t.not(exit.code, 0);
  t.regex(mod.stderr(), /BLVM_SOCKET/);
});

test('frames a module sends in the turn it exits in still reach the node (issue 19)', async (t) => {
  const fx = await startServer(t);
  const inst = expectInstance(fx.server, 'sdk-exit', 1);
  const lines: string[] = [];
  fx.server.on('log', ({ message }) => lines.push(message));
  const gone = nextEvent(fx.server, 'disconnected', () => true, 30_000);
  const mod = spawnModule(t, 'test/fixtures/ipc/sdk-exit-after-logs.ts', moduleEnv(fx.socketPath, fx.dir, inst));
  t.deepEqual(await mod.exited, { code: 0, signal: null });
  await gone;
  t.deepEqual(lines, ['first line', 'second line', 'third line']);
});
