import test from 'ava';
import { planGraph, findCycles, type GraphNode } from '../../src/deps/graph.js';

const node = (name: string, requires: Record<string, string> = {}, extra: Partial<GraphNode> = {}): GraphNode => ({
  name,
  version: '1.0.0',
  requires,
  optional: {},
  problems: [],
  ...extra,
});

test('dependencies load before their dependents, ties broken by name', (t) => {
  const plan = planGraph([node('c', { a: '^1' }), node('b'), node('a')]);
  t.deepEqual(plan.order, ['a', 'b', 'c']);
});

test('a cycle is reported with its path and makes only its members and dependents unloadable', (t) => {
  const plan = planGraph([node('a', { b: '*' }), node('b', { c: '*' }), node('c', { a: '*' }), node('d', { a: '*' }), node('e')]);
  t.deepEqual(plan.order, ['e']);
  t.true(plan.verdicts.get('a')!.reasons.includes('dependency cycle: a -> b -> c -> a'));
  t.regex(plan.verdicts.get('d')!.reasons.join(), /required dependency "a" cannot be loaded/);
  t.true(plan.verdicts.get('e')!.loadable);
});

test('a missing required dependency makes the module and its dependents unloadable, others unaffected', (t) => {
  const plan = planGraph([node('a', { ghost: '^1' }), node('b', { a: '*' }), node('c')]);
  t.deepEqual(plan.order, ['c']);
  t.deepEqual(plan.verdicts.get('a')!.reasons, ['required dependency "ghost" (^1) is not installed']);
  t.false(plan.verdicts.get('b')!.loadable);
});

test('a dependency outside the required version range is named with both versions', (t) => {
  const plan = planGraph([node('a', { b: '^2.0.0' }), node('b')]);
  t.deepEqual(plan.verdicts.get('a')!.reasons, [
    'required dependency "b" is version 1.0.0, which does not satisfy "^2.0.0"',
  ]);
});

test('optional dependencies order the load but never block it', (t) => {
  const plan = planGraph([node('a', {}, { optional: { b: '*', ghost: '*' } }), node('b')]);
  t.deepEqual(plan.order, ['b', 'a']);
  t.true(plan.verdicts.get('a')!.loadable);
});

test('a module with its own problems is unloadable and takes its dependents with it', (t) => {
  const plan = planGraph([node('a', {}, { problems: ['signature threshold not met'] }), node('b', { a: '*' })]);
  t.deepEqual(plan.order, []);
  t.deepEqual(plan.verdicts.get('a')!.reasons, ['signature threshold not met']);
});

test('each cycle is reported once whatever node it is entered from', (t) => {
  const nodes = new Map([node('x', { y: '*' }), node('y', { x: '*' })].map((n) => [n.name, n]));
  t.deepEqual(findCycles(nodes), [['x', 'y', 'x']]);
});
