import test from 'ava';
import type { RawClient } from '../ipc/support/raw-client.js';
import { nextEvent } from '../ipc/support/module-server-fixture.js';
import { Harness } from './support/api-harness.js';

async function provider(h: Harness, name = 'journal') {
  const { client, inst } = await h.loaded(name, { capabilities: ['register_module_api'] });
  const exposed = await client.request('e', 'module.expose', { methods: [{ name: 'journal.count', description: 'how many' }, { name: 'journal.slow' }] });
  return { client, inst, exposed };
}

/** Answers every invoke the provider receives with `answer(frame)`. */
function serve(client: RawClient, answer: (f: Record<string, any>) => object | null): void {
  const loop = async (): Promise<void> => {
    for (;;) {
      const frame = await client.next((f) => f.kind === 'invoke', 60_000).catch(() => null);
      if (!frame) return;
      const reply = answer(frame);
      if (reply) client.send({ kind: 'invoke_result', id: frame.id, ...reply });
    }
  };
  void loop();
}

test('a module calls a method its dependency exposed and gets its result; the callee learns the caller', async (t) => {
  const h = await Harness.start(t);
  const { client: callee, exposed } = await provider(h);
  t.deepEqual(exposed.result, { exposed: ['journal.count', 'journal.slow'] });
  let seen: Record<string, any> | undefined;
  serve(callee, (f) => {
    seen = f;
    return { result: { count: 42, asked: f.params } };
  });
  const { client: caller } = await h.connect('reporter', { capabilities: ['call_module'], requires: ['journal'] });
  const answer = await caller.request(1, 'module.call', { module: 'journal', method: 'journal.count', params: { type: 'NewBlock' } });
  t.deepEqual(answer.result, { count: 42, asked: { type: 'NewBlock' } });
  t.like(seen, { kind: 'invoke', method: 'journal.count', caller: 'reporter', params: { type: 'NewBlock' } });
  const info = await caller.request(2, 'modules.info', { name: 'journal' });
  t.deepEqual(info.result.exposed, [
    { name: 'journal.count', description: 'how many' },
    { name: 'journal.slow', description: '' },
  ]);
});

test('an optional dependency may be called too', async (t) => {
  const h = await Harness.start(t);
  const { client: callee } = await provider(h);
  serve(callee, () => ({ result: 'ok' }));
  const { client: caller } = await h.connect('reporter', { capabilities: ['call_module'], optional: ['journal'] });
  t.is((await caller.request(1, 'module.call', { module: 'journal', method: 'journal.count' })).result, 'ok');
});

test('a call to a module that is not a declared dependency is refused, even with call_module', async (t) => {
  const h = await Harness.start(t);
  const { client: callee } = await provider(h);
  let invoked = false;
  serve(callee, () => {
    invoked = true;
    return { result: 'leak' };
  });
  const { client: caller } = await h.connect('stranger', { capabilities: ['call_module'], requires: ['other'] });
  const answer = await caller.request(1, 'module.call', { module: 'journal', method: 'journal.count' });
  t.is(answer.error.code, 'permission_denied');
  t.regex(answer.error.message, /module stranger may call only its declared dependencies \(other\); "journal" is not one/);
  t.false(invoked);
});

test('the callee\'s typed error reaches the caller with its code', async (t) => {
  const h = await Harness.start(t);
  const { client: callee } = await provider(h);
  serve(callee, () => ({ error: { code: 'not_found', message: 'no such type' } }));
  const { client: caller } = await h.connect('reporter', { capabilities: ['call_module'], requires: ['journal'] });
  const answer = await caller.request(1, 'module.call', { module: 'journal', method: 'journal.count' });
  t.deepEqual(answer.error, { code: 'not_found', message: 'journal: no such type' });
});

test('a call times out after timeout_ms, and a late answer is dropped', async (t) => {
  const h = await Harness.start(t);
  const { client: callee } = await provider(h);
  const invokes: Record<string, any>[] = [];
  serve(callee, (f) => {
    invokes.push(f);
    return null;
  });
  const { client: caller } = await h.connect('reporter', { capabilities: ['call_module'], requires: ['journal'] });
  const answer = await caller.request(1, 'module.call', { module: 'journal', method: 'journal.slow', timeout_ms: 100 });
  t.is(answer.error.code, 'timeout');
  t.regex(answer.error.message, /did not answer journal\.slow within 100 ms/);
  callee.send({ kind: 'invoke_result', id: invokes[0].id, result: 'late' });
  t.is((await caller.request(2, 'node.info')).result.module, 'reporter');
});

test('when the callee crashes during a call the caller gets unavailable', async (t) => {
  const h = await Harness.start(t);
  const { client: callee } = await provider(h);
  serve(callee, () => {
    callee.socket.destroy();
    return null;
  });
  const { client: caller } = await h.connect('reporter', { capabilities: ['call_module'], requires: ['journal'] });
  const answer = await caller.request(1, 'module.call', { module: 'journal', method: 'journal.count' });
  t.is(answer.error.code, 'unavailable');
  t.regex(answer.error.message, /module journal went away before answering journal\.count/);
});

test('calls to a dependency that is not running, or to a method it does not expose, are unavailable and not_found', async (t) => {
  const h = await Harness.start(t);
  h.runtime.declare('journal');
  const { client: caller } = await h.connect('reporter', { capabilities: ['call_module'], requires: ['journal', 'ghost'] });
  const down = await caller.request(1, 'module.call', { module: 'journal', method: 'journal.count' });
  t.is(down.error.code, 'unavailable');
  t.regex(down.error.message, /module journal is not running \(phase execution\)/);
  const unknown = await caller.request(2, 'module.call', { module: 'ghost', method: 'x.y' });
  t.is(unknown.error.code, 'not_found');
  const { client: callee } = await provider(h);
  serve(callee, () => ({ result: 1 }));
  const missing = await caller.request(3, 'module.call', { module: 'journal', method: 'journal.size' });
  t.is(missing.error.code, 'not_found');
  t.regex(missing.error.message, /exposes no method "journal.size" \(it exposes: journal.count, journal.slow\)/);
  const self = await caller.request(4, 'module.call', { module: 'reporter', method: 'x.y' });
  t.is(self.error.code, 'invalid_request');
});

test('exposed methods disappear with the callee\'s connection', async (t) => {
  const h = await Harness.start(t);
  const { client: callee } = await provider(h);
  const { client: caller } = await h.connect('reporter', { capabilities: ['call_module'], requires: ['journal'] });
  const gone = nextEvent(h.server, 'disconnected', (e) => e.module === 'journal');
  callee.socket.destroy();
  await gone;
  const answer = await caller.request(1, 'module.call', { module: 'journal', method: 'journal.count' });
  t.is(answer.error.code, 'not_found', 'the fake runtime still says monitoring; the node no longer knows the method');
});

test('module.expose refuses bad names, reserved names and duplicates, naming the entry', async (t) => {
  const h = await Harness.start(t);
  const { client } = await h.connect('journal', { capabilities: ['register_module_api'] });
  const cases: [unknown, RegExp][] = [
    [{}, /"methods" must be an array/],
    [{ methods: ['journal.count'] }, /"methods\[0\]" must be an object/],
    [{ methods: [{ name: 'Journal.Count' }] }, /methods\[0\].*"name" must be lowercase dotted words/],
    [{ methods: [{ name: 'cli.run' }] }, /reserved for CLI dispatch/],
    [{ methods: [{ name: 'a.b' }, { name: 'a.b' }] }, /listed twice/],
    [{ methods: [{ name: 'a.b', color: 'red' }] }, /unknown parameter "color"/],
  ];
  for (const [i, [params, message]] of cases.entries()) {
    const answer = await client.request(i, 'module.expose', params);
    t.is(answer.error?.code, 'invalid_request', JSON.stringify(params));
    t.regex(answer.error.message, message);
  }
});
