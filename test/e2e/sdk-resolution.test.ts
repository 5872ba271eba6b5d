import test from 'ava';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { waitUntil } from '../../src/testing/wait.js';

const MANIFEST = `name = "by-name"\nversion = "1.0.0"\nentry_point = "main.js"\ncapabilities = []\n`;
const SOURCE = `import { connect } from 'blvm/sdk';
console.log('node options: ' + JSON.stringify(process.env.NODE_OPTIONS ?? ''));
const node = await connect();
await node.ready();
setInterval(() => {}, 1 << 30);`;

for (const [label, extraConfig] of [
  ['inside the sandbox', ''],
  ['with the sandbox off', '[sandbox]\nmode = "none"\n'],
] as const) {
  test(`a module importing blvm/sdk by name reaches monitoring ${label}, without a loader hook in its NODE_OPTIONS (issue 19)`, async (t) => {
    const node = await IsolatedNode.create({ start: false, extraConfig });
    t.teardown(() => node.destroy());
    await node.addModule('by-name', MANIFEST, SOURCE);
    await node.start();
    await node.waitForPhase('by-name', 'monitoring');
    const line = await waitUntil(async () => (await node.logs('by-name')).find((l) => l.includes('node options: ')), {
      message: () => `the module's NODE_OPTIONS line in its log:\n${node.log().slice(-2000)}`,
    });
    t.notRegex(line, /register\.js|--import/);
  });
}
