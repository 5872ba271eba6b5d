// The module statechart (SVG rendered by the daemon): marks the active states and pulses the
// edges a transition took. SVG element ids are the machine's state ids and edge ids.
import type { TakenStep } from '../chart/transition-path.js';
import { takenEdge } from './taken-edge.js';

const PULSE_CLASS = 'pulse';
const FIRED_CLASS = 'fired';
const SOURCE_CLASS = 'left';
const PICKED_CLASS = 'picked';

export class ChartView {
  private active: Element[] = [];
  private readonly svgRoot: SVGSVGElement;

  constructor(container: HTMLElement, svgText: string, private readonly rootId: string) {
    const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    const parsed = doc.documentElement;
    if (parsed.nodeName !== 'svg') throw new Error('the statechart from the daemon is not an SVG document');
    this.svgRoot = document.importNode(parsed, true) as unknown as SVGSVGElement;
    // Scale with the container instead of graphviz's fixed point size.
    this.svgRoot.removeAttribute('width');
    this.svgRoot.removeAttribute('height');
    this.svgRoot.setAttribute('role', 'img');
    this.svgRoot.setAttribute('aria-label', 'statechart of the module machine');
    for (const title of this.svgRoot.querySelectorAll('g.state > title, g.transition > title')) title.remove();
    container.replaceChildren(this.svgRoot);
  }

  private element(id: string): Element | null {
    return this.svgRoot.ownerDocument.getElementById(id);
  }

  /** Marks exactly these state ids as active. */
  highlight(stateIds: string[]): void {
    for (const el of this.active) el.classList.remove('active');
    this.active = stateIds.map((id) => this.element(id)).filter((el): el is Element => el !== null);
    for (const el of this.active) el.classList.add('active');
  }

  /** Restarts the pulse animation on each edge, one after the other; they stay marked as last fired. */
  pulse(edgeIds: string[]): void {
    for (const el of this.svgRoot.querySelectorAll(`.${FIRED_CLASS}`)) el.classList.remove(FIRED_CLASS, PULSE_CLASS);
    edgeIds.forEach((id, index) => {
      const el = this.element(id);
      if (!el) return;
      el.classList.remove(PULSE_CLASS);
      el.setAttribute('data-pulse-step', String(Math.min(index, 3)));
      void (el as SVGGraphicsElement).getBoundingClientRect();
      el.classList.add(PULSE_CLASS, FIRED_CLASS);
    });
  }

  /** Marks the state a replayed transition left (null = none), so "out of healthy" shows. */
  markSource(path: string | null): void {
    for (const el of this.svgRoot.querySelectorAll(`.${SOURCE_CLASS}`)) el.classList.remove(SOURCE_CLASS);
    if (path) this.element(`${this.rootId}.${path}`)?.classList.add(SOURCE_CLASS);
  }

  /** Draws the step a transition took out of its left state over the chart (null = none). */
  markTaken(step: TakenStep | null, label: string): void {
    this.svgRoot.querySelector('g.taken')?.remove();
    if (!step) return;
    const from = this.element(step.from);
    const to = this.element(step.to);
    const graph = this.svgRoot.querySelector('g.graph');
    if (!(from instanceof SVGGraphicsElement) || !(to instanceof SVGGraphicsElement) || !graph) return;
    const edge = takenEdge(from, to, label);
    graph.append(edge);
    edge.classList.add(PULSE_CLASS, FIRED_CLASS);
  }

  /** Calls `pick` with the state id of a clicked state. */
  onStateClick(pick: (stateId: string) => void): void {
    this.svgRoot.addEventListener('click', (event) => {
      const state = (event.target as Element).closest('g.state');
      if (!state) return;
      for (const el of this.svgRoot.querySelectorAll(`.${PICKED_CLASS}`)) el.classList.remove(PICKED_CLASS);
      state.classList.add(PICKED_CLASS);
      pick(state.id);
    });
  }

  activeIds(): string[] {
    return this.active.map((el) => el.id);
  }
}
