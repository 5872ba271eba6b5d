import test from 'ava';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeWithProbes, probeManifest } from './helpers/probe.js';

const PROBE = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'modules', 'probe.mjs');

test('a module added to the modules dir while the node runs is hot-loaded by blvm module load', async (t) => {
  const node = await nodeWithProbes(t, { base: {} });
  await node.waitForPhase('base', 'monitoring');
  await node.addModule('late', probeManifest('late', { requires: { base: '^1' } }), `import ${JSON.stringify(PROBE)};`);
  const load = await node.cli(['module', 'load', 'late']);
  t.is(load.exitCode, 0, load.stderr);
  t.regex(load.stdout, /late: monitoring/);
  const status = await node.status();
  t.deepEqual(status.modules.map((m) => m.name).sort(), ['base', 'late']);
});

test('loading a module whose required dependency is missing is refused with the reason', async (t) => {
  const node = await nodeWithProbes(t, { base: {} });
  await node.addModule('orphan', probeManifest('orphan', { requires: { ghost: '^1' } }), `import ${JSON.stringify(PROBE)};`);
  const load = await node.cli(['module', 'load', 'orphan']);
  t.is(load.exitCode, 1);
  t.regex(load.stderr, /required dependency "ghost" \(\^1\) is not installed/);
  const unknown = await node.cli(['module', 'load', 'nothing-here']);
  t.is(unknown.exitCode, 1);
  t.regex(unknown.stderr, /no module named "nothing-here"/);
});
