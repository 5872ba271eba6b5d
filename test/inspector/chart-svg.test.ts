import test from 'ava';
import { fromCallback, fromPromise } from 'xstate';
import { toDirectedGraph, type DirectedGraphNode } from 'xstate/graph';
import { createModuleMachine, MODULE_PHASES, type PrepareInput, type VerifyOutput } from '../../actors/index.js';
import type { SpawnSpec } from '../../src/process/types.js';
import { edgeId, initialMarkerId } from '../../src/inspector/chart/chart-model.js';
import { writeDot } from '../../src/inspector/chart/dot-writer.js';
import { moduleChartModel, renderDot, renderModuleChart } from '../../src/inspector/chart/render-chart.js';

const rendered = renderModuleChart();

/** Ids of every `<g>` element in the SVG, decoded. */
function svgGroupIds(svg: string): Set<string> {
  const ids = [...svg.matchAll(/<g id="([^"]*)"/g)].map((m) => m[1].replace(/&#45;/g, '-').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  return new Set(ids);
}

function allStateIds(node: DirectedGraphNode): string[] {
  return [node.id, ...node.children.flatMap(allStateIds)];
}

test('every state of the module machine has an element in the rendered SVG whose id is the state id', async (t) => {
  const { svg, model } = await rendered;
  const ids = svgGroupIds(svg);
  const machine = createModuleMachine({
    verify: fromPromise<VerifyOutput, { module: string }>(async () => ({ ok: true, problems: [] })),
    prepare: fromPromise<SpawnSpec, PrepareInput>(() => Promise.reject(new Error('never started'))),
    process: fromCallback(() => undefined),
    standby: fromCallback(() => undefined),
  });
  const stateIds = allStateIds(toDirectedGraph(machine));
  t.true(stateIds.length >= MODULE_PHASES.length + 3);
  for (const id of stateIds) t.true(ids.has(id), `no SVG element for state ${id}`);
  t.deepEqual(new Set(model.states.map((s) => s.id)), new Set(stateIds));
});

test('every top-level phase of the module machine is drawn as its own state', async (t) => {
  const { svg } = await rendered;
  const ids = svgGroupIds(svg);
  for (const phase of MODULE_PHASES) t.true(ids.has(`module.${phase}`), `phase ${phase} missing`);
  t.true(ids.has('module.monitoring.healthy') && ids.has('module.monitoring.degraded'));
});

test('every edge of the chart has an element in the SVG, and so does the initial marker', async (t) => {
  const { svg, model } = await rendered;
  const ids = svgGroupIds(svg);
  for (const edge of model.edges) t.true(ids.has(edge.id), `no SVG element for edge ${edge.id}`);
  t.true(ids.has(initialMarkerId('module')));
  t.true(ids.has(edgeId(initialMarkerId('module'), 'module.discovery')));
});

test('the chart draws evented, delayed, invoked and eventless transitions with readable labels', (t) => {
  const model = moduleChartModel();
  const labels = (source: string, target: string) => model.edges.find((e) => e.id === edgeId(source, target))?.triggers.map((x) => x.label) ?? [];
  t.true(labels('module.quarantined', 'module.verification').includes('module.release'));
  t.true(labels('module.backoff', 'module.waitingForDependencies').includes('after backoff'));
  t.true(labels('module.backoff', 'module.waitingForDependencies').includes('[noBackoffDelay]'));
  t.true(labels('module.waitingForDependencies', 'module.verification').includes('[depsSatisfied]'));
  t.true(labels('module.verification', 'module.waitingForDependencies').includes('verify done'));
  t.true(labels('module.loading', 'module.rejected').includes('prepare failed'));
  t.true(labels('module.waitingForDependencies', 'module.loading').includes('[readyToLoad]'));
  t.true(labels('module', 'module.quarantined').includes('child.exited'));
  t.true(labels('module.execution', 'module.stopping').includes('after readyTimeout'));
});

test('transitions that only run actions (no target) are not drawn as edges', (t) => {
  const model = moduleChartModel();
  t.falsy(model.edges.find((e) => e.id === edgeId('module.execution', 'module.execution')), 'ipc.disconnected only acts');
  t.falsy(model.edges.find((e) => e.id === edgeId('module.monitoring.healthy', 'module.monitoring.healthy')), 'resetAfter only acts');
  t.truthy(model.edges.find((e) => e.id === edgeId('module.verification', 'module.verification')), 'a re-entering restart is drawn');
});

test('the DOT gives each state node its state id, draws compound states as clusters and clips edges at them', (t) => {
  const dot = writeDot(moduleChartModel());
  t.regex(dot, /"module\.discovery" \[id="module\.discovery", class="state"/);
  t.regex(dot, /subgraph "cluster_module\.monitoring" \{\n\s+id="module\.monitoring"; class="state compound"/);
  t.regex(dot, /"module\.execution" -> "module\.monitoring\.healthy" \[id="edge:module\.execution:module\.monitoring"[^\]]*lhead="cluster_module\.monitoring"/);
  t.regex(dot, /"module\.monitoring\.healthy" -> "module\.stopping" \[id="edge:module\.monitoring:module\.stopping"[^\]]*ltail="cluster_module\.monitoring"/);
});

test('labels with quotes and backslashes are escaped in the DOT', (t) => {
  const dot = writeDot({
    rootId: 'm',
    states: [
      { id: 'm', path: '', label: 'm', kind: 'compound', parent: null, initial: 'm.a', children: ['m.a', 'm.b'] },
      { id: 'm.a', path: 'a', label: 'say "hi" \\ bye', kind: 'atomic', parent: 'm', initial: null, children: [] },
      { id: 'm.b', path: 'b', label: 'b', kind: 'atomic', parent: 'm', initial: null, children: [] },
    ],
    edges: [{ id: edgeId('m.a', 'm.b'), source: 'm.a', target: 'm.b', triggers: [{ event: 'go', label: 'go\nnow', guard: null }] }],
  });
  t.true(dot.includes('label="say \\"hi\\" \\\\ bye"'));
  t.true(dot.includes('label="go\\nnow"'));
});

test('graphviz lays the module chart out without a single warning', async (t) => {
  await t.notThrowsAsync(renderDot(writeDot(moduleChartModel())));
});
