// Events each durable subscriber has not acknowledged yet: the event log past its stored
// cursor, filtered by its types. After a run has settled, anything left here was missed.
import type { Store } from '../store/index.js';
import { TypeFilter } from '../bus/type-filter.js';
import type { StoredCursor } from '../bus/durable-cursors.js';

export interface DurableBacklog {
  module: string;
  subscription: string;
  acked: number;
  pending: number;
}

const PREFIX = 'bus.cursor:';
const SCAN_LIMIT = 100_000;

export async function durableBacklogs(store: Store): Promise<DurableBacklog[]> {
  await store.flush();
  const cursors = await store.listMeta<StoredCursor>(PREFIX);
  const result: DurableBacklog[] = [];
  for (const { key, value } of cursors) {
    const [module, ...rest] = key.slice(PREFIX.length).split(':');
    const filter = new TypeFilter(value.types ?? []);
    const events = await store.readEvents({ fromSeq: value.acked + 1, limit: SCAN_LIMIT });
    result.push({ module, subscription: rest.join(':'), acked: value.acked, pending: events.filter((e) => filter.matches(e.type)).length });
  }
  return result;
}
