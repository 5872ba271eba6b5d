// The entry point of a new JavaScript module, on the SDK, calling ready() before reading events.
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
  };
}
