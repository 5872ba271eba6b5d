// Clicking a state of the chart lists the transitions out of it (its own and those it inherits
// from enclosing states) with their triggers and guards in words.
import type { ChartDescription } from '../wire-types.js';
import { eventWords, guardWords } from './chart-words.js';
import { byId, h, replaceChildren } from './dom.js';

type ChartEdge = ChartDescription['edges'][number];

export class StateInfo {
  private readonly box = byId('state-info');
  private readonly states: Map<string, ChartDescription['states'][number]>;

  constructor(private readonly model: ChartDescription) {
    this.states = new Map(model.states.map((s) => [s.id, s]));
  }

  show(stateId: string): void {
    const state = this.states.get(stateId);
    if (!state) return;
    const items: HTMLElement[] = [];
    for (let id: string | null = stateId; id !== null; id = this.states.get(id)?.parent ?? null) {
      const from = id === stateId ? null : id === this.model.rootId ? 'any state' : this.states.get(id)?.path;
      for (const edge of this.model.edges.filter((e) => e.source === id)) items.push(...this.lines(edge, from));
    }
    replaceChildren(
      this.box,
      h('h3', {}, `From ${state.path || 'the start'}`),
      items.length > 0 ? h('ul', {}, ...items) : h('p', { class: 'muted' }, 'no transitions leave this state'),
    );
    this.box.hidden = false;
    this.box.setAttribute('data-state', stateId);
  }

  private lines(edge: ChartEdge, inherited: string | null | undefined): HTMLElement[] {
    const target = this.states.get(edge.target)?.path ?? edge.target;
    return edge.triggers.map((t) =>
      h(
        'li',
        { 'data-edge': edge.id },
        h('strong', {}, `→ ${target}`),
        ` when ${eventWords(t.event, t.label)}`,
        t.guard ? `, ${guardWords(t.guard)}` : '',
        inherited ? h('span', { class: 'muted' }, ` (applies in ${inherited})`) : '',
      ),
    );
  }
}
