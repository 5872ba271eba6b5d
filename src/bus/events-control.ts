// The operator's read-only view of the event log over the control socket (`blvm events`):
// the most recent events, then, in follow mode, every new one until the client leaves.
import type { ControlServer } from '../control/control-server.js';
import { BlvmError } from '../errors.js';
import type { Store, StoredEvent } from '../store/index.js';
import type { BusEvent } from './bus-event.js';
import { checkTypePattern } from './event-types.js';
import type { EventBus } from './event-bus.js';
import { TypeFilter } from './type-filter.js';

export interface EventItem {
  seq: number | null;
  at: number;
  type: string;
  source: string;
  data: unknown;
}

const MAX_LAST = 10_000;
const MAX_SPAN = 20_000;

export function registerEventsControl(control: ControlServer, bus: EventBus, store: Store): void {
  control.registerStream('events', async (params: unknown, push, signal) => {
    const { types, last, follow } = readParams(params);
    const filter = new TypeFilter(types);
    const live: EventItem[] = [];
    let sink: ((item: EventItem) => void) | null = follow ? (item) => live.push(item) : null;
    const stop = follow ? bus.observe((event) => filter.matches(event.type) && sink?.(item(event))) : () => {};
    try {
      const history = await recentEvents(store, bus.lastSeq, filter, last);
      let lastSeq = 0;
      for (const event of history) {
        lastSeq = event.seq;
        if (!push({ seq: event.seq, at: event.at, type: event.type, source: event.source, data: event.payload })) return;
      }
      if (!follow) return;
      for (const event of live) if (event.seq === null || event.seq > lastSeq) push(event);
      await new Promise<void>((resolve) => {
        sink = (event) => {
          if (!push(event)) resolve();
        };
        if (signal.aborted) resolve();
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      stop();
    }
  });
}

function item(event: BusEvent): EventItem {
  return { seq: event.seq, at: event.at, type: event.type, source: event.source, data: event.data };
}

function readParams(params: unknown): { types: string[]; last: number; follow: boolean } {
  const p = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
  const types = p.types === undefined ? [] : p.types;
  if (!Array.isArray(types) || types.some((t) => typeof t !== 'string')) {
    throw new BlvmError('usage', `events: "types" must be an array of event types, got ${JSON.stringify(p.types)}`);
  }
  for (const t of types as string[]) {
    try {
      checkTypePattern('events', t);
    } catch (error) {
      throw new BlvmError('usage', (error as Error).message);
    }
  }
  const last = p.last ?? 20;
  if (typeof last !== 'number' || !Number.isInteger(last) || last < 0 || last > MAX_LAST) {
    throw new BlvmError('usage', `events: "last" must be a whole number from 0 to ${MAX_LAST}, got ${JSON.stringify(p.last)}`);
  }
  return { types: types as string[], last, follow: p.follow === true };
}

/** The newest `n` stored events matching the filter, oldest first, read backwards in growing windows. */
export async function recentEvents(store: Store, lastSeq: number, filter: TypeFilter, n: number): Promise<StoredEvent[]> {
  if (n === 0 || lastSeq === 0) return [];
  const oldest = (await store.oldestEventSeq()) ?? lastSeq + 1;
  let found: StoredEvent[] = [];
  let hi = lastSeq;
  let span = n;
  while (found.length < n && hi >= oldest) {
    const lo = Math.max(oldest, hi - span + 1);
    const rows = await store.readEvents({ fromSeq: lo, types: filter.storeTypes(), limit: hi - lo + 1 });
    found = [...rows.filter((r) => r.seq <= hi && filter.matches(r.type)), ...found];
    hi = lo - 1;
    span = Math.min(span * 4, MAX_SPAN);
  }
  return found.slice(-n);
}
