import test from 'ava';
import { nodeWithProbes, probeManifest } from './helpers/probe.js';

test('blvm module plan reports a cycle with its path, a missing and an out-of-range dependency, and orders the rest', async (t) => {
  const node = await nodeWithProbes(t, {}, { start: false });
  const entry = 'process.exit(0);';
  await node.addModule('a', probeManifest('a', { requires: { b: '*' } }), entry);
  await node.addModule('b', probeManifest('b', { requires: { c: '*' } }), entry);
  await node.addModule('c', probeManifest('c', { requires: { a: '*' } }), entry);
  await node.addModule('lonely', probeManifest('lonely', { requires: { ghost: '^1.0.0' } }), entry);
  await node.addModule('picky', probeManifest('picky', { requires: { solid: '^2.0.0' } }), entry);
  await node.addModule('solid', probeManifest('solid'), entry);
  await node.addModule('user', probeManifest('user', { requires: { solid: '^1.0.0' } }), entry);

  const text = await node.cli(['module', 'plan']);
  t.is(text.exitCode, 1);
  t.regex(text.stdout, /dependency cycle: a -> b -> c -> a/);
  t.regex(text.stdout, /required dependency "ghost" \(\^1\.0\.0\) is not installed/);
  t.regex(text.stdout, /required dependency "solid" is version 1\.0\.0, which does not satisfy "\^2\.0\.0"/);

  const json = await node.cli(['module', 'plan', '--json']);
  const plan = JSON.parse(json.stdout) as { order: string[]; modules: { name: string; verdict: string }[] };
  t.deepEqual(plan.order, ['solid', 'user']);
  t.deepEqual(
    Object.fromEntries(plan.modules.map((m) => [m.name, m.verdict])),
    { a: 'unloadable', b: 'unloadable', c: 'unloadable', lonely: 'unloadable', picky: 'unloadable', solid: 'loadable', user: 'loadable' },
  );
});
