import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { waitUntil } from '../../src/testing/wait.js';
import { moduleEnv } from '../sdk/support/module-env.js';
import { spawnModule } from '../sdk/support/spawn-module.js';
import { expectInstance, nextEvent, startServer } from './support/module-server-fixture.js';

// The minimal module printed in docs/ipc-protocol.md, run exactly as documented.
async function documentedModule(dir: string): Promise<string> {
  const doc = await readFile(new URL('../../docs/ipc-protocol.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.search(/^## \d+\. A minimal module without the SDK/m));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('no js example in the minimal module section of docs/ipc-protocol.md');
  const file = join(dir, 'minimal-module.mjs');
  await writeFile(file, code);
  return file;
}

test('the documented minimal module handshakes, readies, logs, answers pings and invokes, and obeys shutdown', async (t) => {
  const fx = await startServer(t, { pingInterval: 100 });
  const inst = expectInstance(fx.server, 'minimal', 1);
  const file = await documentedModule(fx.dir);
  const ready = nextEvent(fx.server, 'ready', () => true, 30_000);
  const logged = nextEvent(fx.server, 'log', () => true, 30_000);
  const pongs: number[] = [];
  fx.server.on('pong', (e) => pongs.push(e.id));
  const mod = spawnModule(t, file, moduleEnv(fx.socketPath, fx.dir, inst));
  await ready;
  t.is((await logged).message, 'minimal module ready');
  await waitUntil(() => pongs.length >= 3, { message: () => `three pongs from the minimal module (got ${JSON.stringify(pongs)})` });
  t.deepEqual(pongs.slice(0, 3), [1, 2, 3], 'every ping was answered');
  t.deepEqual(fx.server.connectedInstances(), [{ module: 'minimal', instanceId: inst.instanceId, ready: true }]);
  const invoked = nextEvent(fx.server, 'invoke_result');
  fx.server.send(inst.instanceId, { kind: 'invoke', id: 7, method: 'cli.run', params: {} });
  t.is((await invoked).error?.code, 'not_found');
  fx.server.send(inst.instanceId, { kind: 'event', type: 'NewBlock', data: {} });
  await mod.waitFor('event NewBlock');
  fx.server.sendShutdown(inst.instanceId, 'operator stop');
  t.deepEqual(await mod.exited, { code: 0, signal: null });
  t.regex(mod.stdout(), /shutting down: operator stop/);
});

test('the documented minimal module exits by itself when the node closes the socket', async (t) => {
  const fx = await startServer(t);
  const inst = expectInstance(fx.server, 'minimal', 1);
  const file = await documentedModule(fx.dir);
  const ready = nextEvent(fx.server, 'ready', () => true, 30_000);
  const mod = spawnModule(t, file, moduleEnv(fx.socketPath, fx.dir, inst));
  await ready;
  await fx.server.close();
  t.deepEqual(await mod.exited, { code: 0, signal: null });
});

test('the documented minimal module exits non-zero when its hello is refused', async (t) => {
  const fx = await startServer(t);
  const inst = expectInstance(fx.server, 'minimal', 1);
  const file = await documentedModule(fx.dir);
  const mod = spawnModule(t, file, { ...moduleEnv(fx.socketPath, fx.dir, inst), BLVM_TOKEN: 'wrong' });
  t.is((await mod.exited).code, 1);
  t.regex(mod.stderr(), /node error permission_denied/);
});
