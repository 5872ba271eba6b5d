// The edge a transition took out of the state it left, drawn over the chart when the machine
// defines that transition on an enclosing state ("any state"): graphviz draws such an edge
// once, from the enclosing state, so there is no line out of the left state to light up.
import { svg } from './dom.js';

const ARROW = 7;
const BEND = 0.35;

interface Box {
  cx: number;
  cy: number;
  hw: number;
  hh: number;
}

/** Id of the overlay element for a step from one state to another. */
export function takenEdgeId(from: string, to: string): string {
  return `taken:${from}:${to}`;
}

/** A `<g class="transition taken">` from `from`'s box to `to`'s box, labelled, in the same coordinates. */
export function takenEdge(from: SVGGraphicsElement, to: SVGGraphicsElement, label: string): SVGGElement {
  const a = box(from);
  const b = box(to);
  const start = border(a, b.cx - a.cx, b.cy - a.cy);
  const end = border(b, a.cx - b.cx, a.cy - b.cy);
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  // Bend sideways so the line does not lie on top of the inherited edge or the spine.
  const control = { x: (start.x + end.x) / 2 - dy * BEND, y: (start.y + end.y) / 2 + dx * BEND };
  const g = svg('g', { id: takenEdgeId(from.id, to.id), class: 'transition taken' });
  g.append(
    svg('path', { d: `M${fmt(start.x)},${fmt(start.y)} Q${fmt(control.x)},${fmt(control.y)} ${fmt(end.x)},${fmt(end.y)}`, fill: 'none' }),
    svg('polygon', { points: arrowHead(control, end) }),
  );
  const text = svg('text', { x: fmt(control.x), y: fmt(control.y), 'text-anchor': 'middle' });
  text.textContent = label;
  g.append(text);
  return g;
}

function box(el: SVGGraphicsElement): Box {
  const r = el.getBBox();
  return { cx: r.x + r.width / 2, cy: r.y + r.height / 2, hw: r.width / 2, hh: r.height / 2 };
}

// Where the ray from the box's centre in direction (dx, dy) leaves the box.
function border(b: Box, dx: number, dy: number): { x: number; y: number } {
  const t = Math.min(dx === 0 ? Infinity : b.hw / Math.abs(dx), dy === 0 ? Infinity : b.hh / Math.abs(dy), 1);
  return { x: b.cx + dx * t, y: b.cy + dy * t };
}

function arrowHead(from: { x: number; y: number }, tip: { x: number; y: number }): string {
  const len = Math.hypot(tip.x - from.x, tip.y - from.y) || 1;
  const ux = (tip.x - from.x) / len;
  const uy = (tip.y - from.y) / len;
  const base = { x: tip.x - ux * ARROW, y: tip.y - uy * ARROW };
  const side = { x: -uy * ARROW * 0.45, y: ux * ARROW * 0.45 };
  return [tip, { x: base.x + side.x, y: base.y + side.y }, { x: base.x - side.x, y: base.y - side.y }].map((p) => `${fmt(p.x)},${fmt(p.y)}`).join(' ');
}

const fmt = (n: number): string => n.toFixed(1);
