import test from 'ava';
import { checkCompatibility } from '../../src/manifest/compatibility.js';
import type { Manifest } from '../../src/manifest/types.js';
import { NODE_VERSION } from '../../src/version.js';

const manifest = (dependencies: Record<string, string>, optional?: Record<string, string>): Manifest => ({
  name: 'hello',
  version: '1.0.0',
  entry_point: 'main.js',
  dependencies,
  ...(optional ? { optional_dependencies: optional } : {}),
});

test('a blvm-node range that admits this node version is compatible', (t) => {
  t.deepEqual(checkCompatibility(manifest({ 'blvm-node': `>=${NODE_VERSION}` })), { ok: true, problems: [] });
});

test('a blvm-node range this node does not satisfy is an error naming both versions', (t) => {
  const report = checkCompatibility(manifest({ 'blvm-node': '>=99.0.0' }));
  t.false(report.ok);
  t.deepEqual(report.problems, [`dependencies.blvm-node: requires blvm-node ">=99.0.0" but this node is ${NODE_VERSION}`]);
});

test('a blvm-node range under optional_dependencies is checked too', (t) => {
  const report = checkCompatibility(manifest({}, { 'blvm-node': '<0.0.1' }), '1.0.0');
  t.deepEqual(report.problems, ['optional_dependencies.blvm-node: requires blvm-node "<0.0.1" but this node is 1.0.0']);
});

test('dependencies on other modules are not a compatibility question', (t) => {
  t.true(checkCompatibility(manifest({ indexer: '>=99.0.0' })).ok);
});
