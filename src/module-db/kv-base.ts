// What the three backends share: key checks, JSON values and put/del as one-operation batches.
// A backend only reads one key's text and writes a checked list of rows in one transaction.
import { encodeValue, keyBytes } from './key-range.js';
import type { KvOp, KvRange, KvStore } from './kv-types.js';

/** One checked write: `text` is the JSON value, or undefined to delete the key. */
export interface KvRow {
  key: Buffer;
  text: string | undefined;
}

export abstract class KvBase implements KvStore {
  abstract readonly backend: string;
  abstract readonly path: string;
  protected abstract readText(key: Buffer): Promise<string | undefined>;
  protected abstract writeRows(rows: KvRow[]): Promise<void>;
  abstract entries<T = unknown>(range?: KvRange): Promise<[string, T][]>;
  abstract close(): Promise<void>;

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const text = await this.readText(keyBytes(key));
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  put(key: string, value: unknown): Promise<void> {
    return this.batch([{ type: 'put', key, value }]);
  }

  del(key: string): Promise<void> {
    return this.batch([{ type: 'del', key }]);
  }

  async batch(ops: readonly KvOp[]): Promise<void> {
    const rows = ops.map((op) => ({ key: keyBytes(op.key), text: op.type === 'put' ? encodeValue(op.key, op.value) : undefined }));
    await this.writeRows(rows);
  }
}
