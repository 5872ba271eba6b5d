// The module socket tells the process side at once when an instance's peer ends its connection:
// the first sign that the process may be gone (issue 19).
import test from 'ava';
import { PROTOCOL_VERSION } from '../../src/version.js';
import { RawClient } from './support/raw-client.js';
import { nextEvent, startServer } from './support/module-server-fixture.js';

test("an instance's onClosed is called when its peer ends the connection, before the node reports it disconnected (issue 19)", async (t) => {
  const fx = await startServer(t);
  const order: string[] = [];
  const inst = { module: 'hot', instanceId: 'hot-1', token: 'tok-hot-1-secret', capabilities: [], onClosed: () => order.push('onClosed') };
  fx.server.expect(inst);
  const [client, welcome] = await RawClient.hello(t, fx.socketPath, 'hot', inst.token);
  t.is(welcome.kind, 'welcome');
  const disconnected = nextEvent(fx.server, 'disconnected');
  fx.server.on('disconnected', () => order.push('disconnected'));
  client.socket.end();
  await disconnected;
  t.is(order[0], 'onClosed');
  t.true(order.includes('disconnected'));
});

/** Resolves when `promise` does; fails with `message` after `ms`. */
function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

test("a held standby's onClosed is called when it hangs up before its admission (issue 19)", async (t) => {
  const fx = await startServer(t);
  let onClosed!: () => void;
  const called = new Promise<void>((resolve) => (onClosed = resolve));
  const inst = { module: 'hot', instanceId: 'hot-spare', token: 'tok-hot-spare-secret', capabilities: [], held: true, onClosed };
  fx.server.expect(inst);
  const held = nextEvent(fx.server, 'held');
  const client = await RawClient.open(t, fx.socketPath);
  client.send({ kind: 'hello', module: 'hot', token: inst.token, protocol: PROTOCOL_VERSION });
  await held;
  client.socket.destroy();
  await within(called, 5_000, 'onClosed was not called within 5 s of the hang-up');
  t.pass();
});
