import test from 'ava';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { waitUntil } from '../../src/testing/wait.js';
import { nodeWithProbes } from './helpers/probe.js';

test('a crash is logged as a warning and a quarantine as an error (issue 20)', async (t) => {
  const node = await nodeWithProbes(t, { looper: { mode: 'crash', config: { crash_after_ms: 50, exit_code: 3 } } });
  await node.waitForPhase('looper', 'quarantined', 60_000);
  const lines = node.log().split('\n');
  t.true(lines.some((l) => /^\S+ WARN  module crashed module=looper reason=crashed code=3 /.test(l)), node.log().slice(-3000));
  const quarantine = await waitUntil(() => node.log().split('\n').find((l) => /^\S+ ERROR module quarantined/.test(l)), {
    message: 'an ERROR line for the quarantine',
  });
  t.regex(quarantine, /module=looper reason=/);
});

test("a module's own log messages appear in blvm logs NAME among its output (issue 20)", async (t) => {
  const node = await IsolatedNode.create({ start: false });
  t.teardown(() => node.destroy());
  await node.addModule(
    'talker',
    `name = "talker"\nversion = "1.0.0"\nentry_point = "main.js"\ndescription = "logs"\nauthor = "blvm tests"\ncapabilities = []\n`,
    `import { connect } from 'blvm/sdk';
const node = await connect();
console.log('plain output line');
await node.ready();
node.log('warn', 'disk almost full');
setInterval(() => {}, 60_000);`,
  );
  await node.start();
  await node.waitForPhase('talker', 'monitoring');
  const logs = await waitUntil(
    async () => {
      const r = await node.cli(['logs', 'talker']);
      return r.stdout.includes('disk almost full') && r.stdout;
    },
    { message: 'the log message in blvm logs talker' },
  );
  t.regex(logs, /plain output line\n(.*\n)*\[log warn\] disk almost full/);
});
