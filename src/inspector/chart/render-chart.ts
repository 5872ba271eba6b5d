// The module machine's statechart, computed once in the daemon: model → DOT → SVG.
import { fromCallback, fromPromise } from 'xstate';
import { createModuleMachine, type ModuleEffects, type PrepareInput, type VerifyOutput } from '../../../actors/index.js';
import type { SpawnSpec } from '../../process/types.js';
import { buildChartModel, type ChartModel } from './chart-model.js';
import { writeDot } from './dot-writer.js';

/** The five phases of a module's life (design section 3), drawn as the chart's backbone. */
const LIFECYCLE_SPINE = ['discovery', 'verification', 'waitingForDependencies', 'loading', 'execution', 'monitoring'];

export interface RenderedChart {
  model: ChartModel;
  dot: string;
  svg: string;
}

// Effects that are never started: only the machine's structure is read.
const inertEffects: ModuleEffects = {
  verify: fromPromise<VerifyOutput, { module: string }>(() => Promise.reject(new Error('inert effect: the chart never runs'))),
  prepare: fromPromise<SpawnSpec, PrepareInput>(() => Promise.reject(new Error('inert effect: the chart never runs'))),
  process: fromCallback(() => undefined),
  standby: fromCallback(() => undefined),
};

export function moduleChartModel(): ChartModel {
  return buildChartModel(createModuleMachine(inertEffects));
}

/** SVG of a DOT graph; graphviz warnings count as failures so a chart never renders half right. */
export async function renderDot(dot: string): Promise<string> {
  const viz = await (await import('@viz-js/viz')).instance();
  const result = viz.render(dot, { format: 'svg' });
  if (result.status !== 'success' || result.errors.length > 0) {
    throw new Error(`graphviz could not render the statechart cleanly: ${result.errors.map((e) => e.message).join('; ')}`);
  }
  return result.output;
}

export async function renderModuleChart(): Promise<RenderedChart> {
  const model = moduleChartModel();
  const dot = writeDot(model, { spine: LIFECYCLE_SPINE });
  return { model, dot, svg: await renderDot(dot) };
}
