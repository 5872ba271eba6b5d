import test from 'ava';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { waitUntil } from '../../src/testing/wait.js';

const MANIFEST = `name = "early-loop"\nversion = "1.0.0"\nentry_point = "main.js"\ndescription = "subscribes before ready"\nauthor = "blvm tests"\ncapabilities = ["subscribe_events"]\n`;

test('a module awaiting a for-await event loop before ready() is told why it will never be ready (issue 20)', async (t) => {
  const node = await IsolatedNode.create({ start: false });
  t.teardown(() => node.destroy());
  await node.addModule(
    'early-loop',
    MANIFEST,
    `import { connect } from 'blvm/sdk';
const node = await connect();
const sub = await node.subscribe({ types: ['NewBlock'] });
for await (const event of sub) console.log(event.type);
await node.ready();`,
  );
  await node.start();
  const hint = /waiting for events before ready\(\) was called: a `for await` loop/;
  await waitUntil(async () => (await node.logs('early-loop')).some((line) => hint.test(line)), {
    message: "the hint in the module's log",
  });
  const line = await waitUntil(() => node.log().split('\n').find((l) => hint.test(l)), {
    message: () => `the hint in the daemon log:\n${node.log().slice(-2000)}`,
  });
  t.regex(line, /module=early-loop/);
});
