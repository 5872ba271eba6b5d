// The key-value store on LMDB (the `lmdb` package): db/<name>.lmdb plus its -lock file; keys
// are raw UTF-8 bytes (LMDB orders them bytewise), values JSON text.
import type { RootDatabase } from 'lmdb';
import { byteRange, encodeValue, inRange, keyBytes } from './key-range.js';
import type { KvOp, KvRange, KvStore } from './kv-types.js';

export class LmdbKv implements KvStore {
  readonly backend = 'lmdb';

  private constructor(
    private readonly db: RootDatabase<string, Buffer>,
    readonly path: string,
  ) {}

  static async open(path: string): Promise<LmdbKv> {
    const { open } = await import('lmdb');
    return new LmdbKv(open<string, Buffer>({ path, keyEncoding: 'binary', encoding: 'string' }), path);
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const text = this.db.get(keyBytes(key));
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  put(key: string, value: unknown): Promise<void> {
    return this.batch([{ type: 'put', key, value }]);
  }

  del(key: string): Promise<void> {
    return this.batch([{ type: 'del', key }]);
  }

  async batch(ops: readonly KvOp[]): Promise<void> {
    const rows = ops.map((op) => ({ op, key: keyBytes(op.key), text: op.type === 'put' ? encodeValue(op.key, op.value) : '' }));
    await this.db.transaction(() => {
      for (const { op, key, text } of rows) {
        if (op.type === 'put') this.db.putSync(key, text);
        else this.db.removeSync(key);
      }
    });
  }

  async entries<T = unknown>(range?: KvRange): Promise<[string, T][]> {
    const r = byteRange(range);
    // LMDB starts a reverse scan at `start` inclusive; the filter keeps the range half-open.
    const scan = r.reverse ? this.db.getRange({ start: r.lt, end: r.gte, reverse: true }) : this.db.getRange({ start: r.gte, end: r.lt });
    const out: [string, T][] = [];
    for (const { key, value } of scan) {
      const bytes = Buffer.from(key as Buffer);
      if (!inRange(bytes, r)) continue;
      if (r.limit !== undefined && out.length >= r.limit) break;
      out.push([bytes.toString('utf8'), JSON.parse(value) as T]);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
