import test from 'ava';
import { sleep } from '../../src/testing/isolated-node.js';
import { apiNode } from '../fixtures/api/api-node.js';

test('a module written in Python from the protocol document alone connects, subscribes, sees other modules come and go, and answers its CLI group', async (t) => {
  const node = await apiNode(t, {
    modules: {
      pyhello: { program: 'hello_module.py', capabilities: ['subscribe_events', 'register_cli'] },
      other: { fixture: 'idle.mjs' },
    },
  });
  await node.waitForPhase('pyhello', 'monitoring');
  await node.waitForPhase('other', 'monitoring');
  const sum = await node.cli(['pyhello', 'add', '2', '40']);
  t.is(sum.exitCode, 0, sum.stderr);
  t.is(sum.stdout, '42');
  t.is((await node.cli(['pyhello', 'add', '2'])).exitCode, 2, 'the node checks the spec before the module is asked');
  t.is((await node.cli(['module', 'unload', 'other'])).exitCode, 0);
  t.is((await node.cli(['module', 'load', 'other'])).exitCode, 0);
  let seen = '';
  for (let i = 0; i < 100 && !/ModuleUnloaded other\nModuleLoaded other$/.test(seen); i++) {
    seen = (await node.cli(['pyhello', 'seen'])).stdout;
    await sleep(100);
  }
  t.regex(seen, /ModuleUnloaded other\nModuleLoaded other$/);
  t.regex((await node.cli(['logs', 'pyhello'])).stdout, /python module connected to blvm \S+ as \S+\n.*modules: .*other=/s);
  await node.stop();
  t.regex((await node.cli(['logs', 'pyhello'])).stdout, /\[blvm\] stopped: exited after shutdown request/, 'it obeyed the shutdown message');
});
