import test from 'ava';
import { apiNode, cliJson } from '../fixtures/api/api-node.js';

async function callsNode(t: Parameters<typeof apiNode>[0]) {
  const node = await apiNode(t, {
    modules: {
      callee: { fixture: 'callee.mjs', capabilities: ['register_module_api'] },
      bystander: { fixture: 'callee.mjs', capabilities: ['register_module_api'] },
      caller: { fixture: 'caller.mjs', capabilities: ['call_module', 'register_cli'], requires: ['callee'] },
    },
  });
  await node.waitForPhase('caller', 'monitoring');
  await node.waitForPhase('bystander', 'monitoring');
  return node;
}

test('a module calls a method its dependency exposes, and may not call a module it does not depend on', async (t) => {
  const node = await callsNode(t);
  t.deepEqual(await cliJson(node, ['caller', 'call', 'callee', 'callee.echo']), { result: { echo: { hello: 'there' }, caller: 'caller' } });
  const refused = await cliJson(node, ['caller', 'call', 'bystander', 'bystander.echo']);
  t.is(refused.error, 'permission_denied');
  t.regex(refused.message, /module caller may call only its declared dependencies \(callee\); "bystander" is not one/);
  const missing = await cliJson(node, ['caller', 'call', 'callee', 'callee.nothing']);
  t.is(missing.error, 'not_found');
});

test('when the callee crashes during a call the caller gets unavailable, and the callee is restarted', async (t) => {
  const node = await callsNode(t);
  const before = await node.module('callee');
  const crashed = await cliJson(node, ['caller', 'call', 'callee', 'callee.crash']);
  t.is(crashed.error, 'unavailable');
  t.regex(crashed.message, /module callee went away before answering callee\.crash/);
  const back = await node.waitFor('callee', (m) => m.phase === 'monitoring' && m.pid !== before.pid);
  t.is(back.last_exit?.code, 3);
  await node.waitForPhase('caller', 'monitoring');
  t.like(await cliJson(node, ['caller', 'call', 'callee', 'callee.echo']), { result: { caller: 'caller' } });
});

test('in a real node, a request without its capability is refused and the module carries on', async (t) => {
  const node = await callsNode(t);
  for (const method of ['events.subscribe', 'events.publish', 'module.expose', 'metrics.report', 'metrics.read']) {
    const answer = await cliJson(node, ['caller', 'request', method]);
    t.is(answer.error, 'permission_denied', method);
  }
  t.like(await cliJson(node, ['caller', 'request', 'node.info']), { result: { module: 'caller', capabilities: ['call_module', 'register_cli'] } });
  t.is((await node.module('caller')).restarts, 0);
});
