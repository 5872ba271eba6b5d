import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { connect } from '../../src/sdk/connect.js';
import { PROTOCOL_VERSION } from '../../src/version.js';
import { RawClient } from './support/raw-client.js';
import { nextEvent, startServer } from './support/module-server-fixture.js';

function expectStandby(fx: Awaited<ReturnType<typeof startServer>>, module: string) {
  const inst = { module, instanceId: `${module}-spare`, token: `tok-${module}-spare-secret`, capabilities: ['read_blockchain'], held: true };
  fx.server.expect(inst);
  return inst;
}

test('a standby hello is held unanswered, its requests are refused, and admission answers it with the welcome (issue 19)', async (t) => {
  const fx = await startServer(t);
  fx.server.setRequestHandler(async (_ctx, method) => ({ echo: method }));
  const inst = expectStandby(fx, 'hot');
  const held = nextEvent(fx.server, 'held');
  const client = await RawClient.open(t, fx.socketPath);
  client.send({ kind: 'hello', module: 'hot', token: inst.token, protocol: PROTOCOL_VERSION });
  t.deepEqual(await held, { module: 'hot', instanceId: inst.instanceId });
  t.deepEqual(fx.server.connectedInstances(), []);
  t.is(fx.server.load().pending, 0, 'a held standby does not count as a connection waiting for its hello');

  const refused = await client.request(1, 'chain.tip');
  t.is(refused.error.code, 'unavailable');
  t.regex(refused.error.message, /standby that has not been admitted/);
  const notReady = await client.request(2, 'ready');
  t.is(notReady.error.code, 'unavailable');
  t.is(client.frames.filter((f) => f.kind === 'welcome').length, 0);

  const connected = nextEvent(fx.server, 'connected');
  fx.server.admit(inst.instanceId);
  const welcome = await client.next((f) => f.kind === 'welcome');
  t.is(welcome.instance_id, inst.instanceId);
  t.deepEqual(await connected, { module: 'hot', instanceId: inst.instanceId });
  t.deepEqual((await client.request(3, 'chain.tip')).result, { echo: 'chain.tip' });
});

test('an SDK standby that warms its handshake code while held is welcomed on admission and its ready reaches the node (issue 19)', async (t) => {
  const fx = await startServer(t);
  fx.server.setRequestHandler(async () => ({}));
  const inst = expectStandby(fx, 'hot');
  const held = nextEvent(fx.server, 'held');
  const env = { BLVM_SOCKET: fx.socketPath, BLVM_MODULE: 'hot', BLVM_TOKEN: inst.token, BLVM_DATA_DIR: '/nonexistent', BLVM_CONFIG: '/nonexistent/config.json', BLVM_STANDBY: '1' };
  const connecting = connect({ env, exitOnClose: false, retryForMs: 0 });
  await held;
  t.is(fx.server.load().pending, 0);
  fx.server.admit(inst.instanceId);
  const client = await connecting;
  t.teardown(() => client.close());
  const ready = nextEvent(fx.server, 'ready');
  await client.ready();
  t.deepEqual(await ready, { module: 'hot', instanceId: inst.instanceId });
});

test('a standby admitted before it connects is welcomed at its hello (issue 19)', async (t) => {
  const fx = await startServer(t);
  const inst = expectStandby(fx, 'hot');
  fx.server.admit(inst.instanceId);
  const [, reply] = await RawClient.hello(t, fx.socketPath, 'hot', inst.token);
  t.is(reply.kind, 'welcome');
});

test('forgetting a held standby closes its connection (issue 19)', async (t) => {
  const fx = await startServer(t);
  const inst = expectStandby(fx, 'hot');
  const held = nextEvent(fx.server, 'held');
  const client = await RawClient.open(t, fx.socketPath);
  client.send({ kind: 'hello', module: 'hot', token: inst.token, protocol: PROTOCOL_VERSION });
  await held;
  fx.server.forget(inst.instanceId);
  await client.closed;
  t.pass();
});

// Sleeps synchronously, so that nothing queued for later in this turn of the event loop can run.
function blockUntil(condition: () => boolean, timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (!condition()) {
    if (Date.now() > deadline) return false;
    Atomics.wait(cell, 0, 0, 5);
  }
  return true;
}

test('an admitted standby receives its welcome in the turn that admits it, not at the end of that turn (issue 19)', async (t) => {
  const fx = await startServer(t);
  const inst = expectStandby(fx, 'hot');
  const marker = join(fx.dir, 'welcomed');
  // A standby in a process of its own: it records the welcome while this process is still busy.
  const program = `const s = require('node:net').connect(process.argv[1], () => {
    const hello = Buffer.from(JSON.stringify({ kind: 'hello', module: 'hot', token: process.argv[2], protocol: Number(process.argv[3]) }));
    const head = Buffer.alloc(4); head.writeUInt32BE(hello.length);
    s.write(Buffer.concat([head, hello]));
  });
  s.on('data', (d) => { if (d.includes('"welcome"')) require('node:fs').writeFileSync(process.argv[4], 'ok'); });
  setInterval(() => {}, 1000);`;
  const held = nextEvent(fx.server, 'held');
  const child = spawn(process.execPath, ['-e', program, fx.socketPath, inst.token, String(PROTOCOL_VERSION), marker], { stdio: 'ignore' });
  t.teardown(() => void child.kill('SIGKILL'));
  await held;
  fx.server.admit(inst.instanceId);
  t.true(blockUntil(() => existsSync(marker), 5_000), 'the standby saw no welcome while the admitting turn went on');
});
