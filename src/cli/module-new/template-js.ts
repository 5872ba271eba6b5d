// Files of a new JavaScript module: manifest, entry point on the SDK, config, and a test on blvm/testing.
import type { ModuleFiles } from './module-files.js';

export function javascriptModule(name: string): ModuleFiles {
  return {
    'main.js': {
      mode: 0o755,
      text: `#!/usr/bin/env node
// ${name}: says hello in the node's log and counts new blocks (see docs/writing-modules.md).
import { connect } from 'blvm/sdk';

const node = await connect();
const config = await node.config();
const blocks = await node.subscribe({ types: ['NewBlock'] });
// Everything the node and other modules rely on is set up: say ready before reading events.
await node.ready();
node.log('info', \`\${config.greeting} from ${name}\`);

let seen = 0;
for await (const event of blocks) {
  seen += 1;
  console.log(\`block \${event.data.height} (\${seen} seen)\`);
}
`,
    },
    'test/module.test.js': {
      text: `// Starts a real node in a temp dir with this module and waits until it runs.
// Run with: node --import=<blvm>/dist/src/sdk/register.js --test <this dir>
import { test } from 'node:test';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IsolatedNode, waitUntil } from 'blvm/testing';

const moduleDir = dirname(dirname(fileURLToPath(import.meta.url)));

test('${name} reaches monitoring and logs its greeting', async (t) => {
  const node = await IsolatedNode.create({ copyModules: { '${name}': moduleDir } });
  t.after(() => node.destroy());
  await node.waitForPhase('${name}', 'monitoring');
  await waitUntil(() => node.log().includes('hello from ${name}'), { message: 'the greeting in the node log' });
});
`,
    },
  };
}
