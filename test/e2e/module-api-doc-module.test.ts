import { readFile } from 'node:fs/promises';
import test from 'ava';
import { sleep } from '../../src/testing/isolated-node.js';
import { apiNode } from '../fixtures/api/api-node.js';

// The complete module printed in docs/ipc-protocol.md, written without the SDK, run as documented.
async function documentedModule(): Promise<string> {
  const doc = await readFile(new URL('../../docs/ipc-protocol.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.search(/^## \d+\. A complete module without the SDK/m));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('no js example in the complete module section of docs/ipc-protocol.md');
  return code;
}

test('a module written only from the protocol document sees other modules load and unload, calls the API and answers its CLI group', async (t) => {
  const node = await apiNode(t, {
    modules: {
      hello: { source: await documentedModule(), capabilities: ['subscribe_events', 'register_module_api', 'register_cli'] },
      other: { fixture: 'idle.mjs' },
    },
  });
  await node.waitForPhase('hello', 'monitoring');
  await node.waitForPhase('other', 'monitoring');
  const greet = await node.cli(['hello', 'greet', '--name', 'ada']);
  t.is(greet.exitCode, 0, greet.stderr);
  t.is(greet.stdout, 'hello, ada');
  t.is((await node.cli(['module', 'unload', 'other'])).exitCode, 0);
  t.is((await node.cli(['module', 'load', 'other'])).exitCode, 0);
  let seen = '';
  for (let i = 0; i < 100 && !/ModuleUnloaded other\nModuleLoaded other$/.test(seen); i++) {
    seen = (await node.cli(['hello', 'seen'])).stdout;
    await sleep(100);
  }
  t.regex(seen, /^ModuleLoaded other$/m, 'the other module was seen loaded (live or from the snapshot)');
  t.regex(seen, /ModuleUnloaded other\nModuleLoaded other$/, 'then unloaded and loaded again, in order');
  const logs = await node.cli(['logs', 'hello']);
  t.regex(logs.stdout, /connected to blvm \S+ \(regtest\) as \S+/, 'node.info answered');
  t.regex(logs.stdout, /ready; modules: .*hello=\w+.*other=\w+/, 'modules.list answered');
  const help = await node.cli(['--help']);
  t.regex(help.stdout, /blvm hello greet \[--name NAME\]\s+say hello \[hello\]/);
});
