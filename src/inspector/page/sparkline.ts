// A small inline SVG line of the last samples (CPU or RSS); built with attributes only (the
// page's Content-Security-Policy allows no inline styles).
import { svg } from './dom.js';

const WIDTH = 84;
const HEIGHT = 20;

/** `fromZero`: scale from 0 (CPU); otherwise from the smallest value (RSS moves little around its level). */
export function sparkline(values: number[], label: string, fromZero: boolean): SVGSVGElement {
  const root = svg('svg', { class: 'sparkline', width: WIDTH, height: HEIGHT, viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label });
  if (values.length === 0) return root;
  const max = Math.max(...values);
  const min = fromZero ? Math.min(0, ...values) : Math.min(...values);
  const span = max - min || 1;
  const step = values.length > 1 ? WIDTH / (values.length - 1) : 0;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(HEIGHT - 2 - ((v - min) / span) * (HEIGHT - 4)).toFixed(1)}`);
  if (values.length === 1) points.push(`${WIDTH},${points[0].split(',')[1]}`);
  root.appendChild(svg('polyline', { points: points.join(' '), class: 'sparkline-line' }));
  return root;
}
