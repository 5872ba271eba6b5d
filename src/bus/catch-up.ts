// Feeds a durable subscription from the event log until it has caught up with the live bus,
// then hands it over to live delivery without a gap or a duplicate.
import type { Store } from '../store/index.js';
import { noticeEvent, type BusEvent } from './bus-event.js';
import { NOTICE_TYPES } from './event-types.js';
import type { Subscription } from './subscription.js';

/** Events read from the log per query. */
export const CATCH_UP_PAGE = 500;

export interface CatchUpDeps {
  store: Store;
  /** The highest sequence number the bus has fanned out so far. */
  lastSeq: () => number;
  /** Something was queued: schedule delivery. */
  queued: (sub: Subscription) => void;
}

/**
 * Reads pages from the cursor while the queue has room. Events fanned out during a read are
 * ignored by the subscription (it is in catch-up) and found by the next read; once a read ends
 * at or after the last fanned-out event, the subscription goes live. Retention that pruned
 * events past the cursor becomes an `EventsGap` notice.
 */
export async function catchUp(sub: Subscription, deps: CatchUpDeps): Promise<void> {
  const d = sub.durable;
  if (!d || d.reading) return;
  d.reading = true;
  try {
    while (!sub.closed && d.mode === 'catchup') {
      const room = sub.queueLimit - sub.queued;
      if (room < Math.min(CATCH_UP_PAGE, Math.ceil(sub.queueLimit / 2))) return;
      const upto = deps.lastSeq();
      const oldest = await deps.store.oldestEventSeq();
      if (sub.closed) return;
      if (oldest !== null && d.cursor < oldest) {
        sub.enqueue(noticeEvent(NOTICE_TYPES.gap, { from_seq: d.cursor, to_seq: oldest - 1, reason: 'retention' }));
        d.cursor = oldest;
      }
      const limit = Math.min(CATCH_UP_PAGE, room);
      const rows = await deps.store.readEvents({ fromSeq: d.cursor, types: sub.filter.storeTypes(), limit });
      if (sub.closed) return;
      for (const row of rows) {
        if (row.seq < d.cursor) continue;
        if (sub.filter.matches(row.type)) sub.enqueue(fromRow(row));
        d.cursor = row.seq + 1;
      }
      if (rows.length < limit) d.cursor = Math.max(d.cursor, upto + 1);
      if (d.cursor > deps.lastSeq()) d.mode = 'live';
      deps.queued(sub);
    }
  } finally {
    d.reading = false;
  }
}

function fromRow(row: { seq: number; at: number; type: string; source: string; payload: unknown }): BusEvent {
  return { seq: row.seq, at: row.at, type: row.type, source: row.source, data: row.payload };
}
