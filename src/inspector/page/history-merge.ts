// The stored history of a module and the live transitions that arrived while it was being
// fetched: the fetch may have been answered before or after each of them was stored, so each
// live one is kept unless the stored answer already holds it.
import type { TransitionView } from '../wire-types.js';

const key = (t: TransitionView): string => `${t.at}|${t.from}|${t.to}|${t.event}`;

export function mergeLive(stored: TransitionView[], live: TransitionView[]): TransitionView[] {
  const known = new Set(stored.map(key));
  return [...stored, ...live.filter((t) => !known.has(key(t)))];
}
