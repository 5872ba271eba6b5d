// Where each durable subscription's acknowledged position is kept: the store's meta table,
// one key per (module, subscription name), so it survives module and node restarts.
import type { Store } from '../store/index.js';

export interface StoredCursor {
  acked: number;
  types: readonly string[];
  updated_at: number;
}

export function cursorKey(module: string, name: string): string {
  return `bus.cursor:${module}:${name}`;
}

export async function readCursor(store: Store, module: string, name: string): Promise<StoredCursor | undefined> {
  const value = await store.getMeta<StoredCursor>(cursorKey(module, name));
  return value && typeof value.acked === 'number' ? value : undefined;
}

/** Batched with the store's other writes. */
export function writeCursor(store: Store, module: string, name: string, acked: number, types: readonly string[]): void {
  store.setMeta(cursorKey(module, name), { acked, types, updated_at: Date.now() } satisfies StoredCursor);
}
