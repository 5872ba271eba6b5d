// Where each durable subscription's acknowledged position is kept: the store's meta table,
// one key per (module, subscription name), so it survives module and node restarts.
import type { Store } from '../store/index.js';

export interface StoredCursor {
  acked: number;
  types: readonly string[];
  updated_at: number;
  /** First sequence number of the node run that wrote it (see resumePoint). */
  run: number | null;
}

export function cursorKey(module: string, name: string): string {
  return `bus.cursor:${module}:${name}`;
}

export async function readCursor(store: Store, module: string, name: string): Promise<StoredCursor | undefined> {
  const value = await store.getMeta<StoredCursor>(cursorKey(module, name));
  return value && typeof value.acked === 'number' ? value : undefined;
}

/** Batched with the store's other writes. */
export function writeCursor(store: Store, module: string, name: string, acked: number, types: readonly string[], run: number | null): void {
  store.setMeta(cursorKey(module, name), { acked, types, updated_at: Date.now(), run } satisfies StoredCursor);
}

/**
 * Where a stored cursor resumes. A node killed before its last batch was committed loses those
 * events and reuses their sequence numbers; a cursor of an earlier run pointing at or past the
 * first event of this run therefore acknowledged events that no longer exist, and resumes at
 * the start of this run instead of skipping new events.
 */
export function resumePoint(cursor: StoredCursor, runStart: number | null): number {
  if (runStart === null || cursor.run === runStart || cursor.acked < runStart) return cursor.acked;
  return runStart - 1;
}
