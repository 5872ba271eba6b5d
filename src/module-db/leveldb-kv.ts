// The key-value store on LevelDB (the `classic-level` package): the directory db/<name>.leveldb;
// keys are raw UTF-8 bytes (LevelDB's bytewise comparator), values JSON text.
import type { ClassicLevel } from 'classic-level';
import { byteRange, encodeValue, keyBytes } from './key-range.js';
import type { KvOp, KvRange, KvStore } from './kv-types.js';

export class LeveldbKv implements KvStore {
  readonly backend = 'leveldb';

  private constructor(
    private readonly db: ClassicLevel<Buffer, string>,
    readonly path: string,
  ) {}

  static async open(path: string): Promise<LeveldbKv> {
    const { ClassicLevel } = await import('classic-level');
    const db = new ClassicLevel<Buffer, string>(path, { keyEncoding: 'buffer', valueEncoding: 'utf8' });
    await db.open();
    return new LeveldbKv(db, path);
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const text = await this.db.get(keyBytes(key));
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  put(key: string, value: unknown): Promise<void> {
    return this.batch([{ type: 'put', key, value }]);
  }

  del(key: string): Promise<void> {
    return this.batch([{ type: 'del', key }]);
  }

  async batch(ops: readonly KvOp[]): Promise<void> {
    await this.db.batch(
      ops.map((op) =>
        op.type === 'put' ? { type: 'put' as const, key: keyBytes(op.key), value: encodeValue(op.key, op.value) } : { type: 'del' as const, key: keyBytes(op.key) },
      ),
    );
  }

  async entries<T = unknown>(range?: KvRange): Promise<[string, T][]> {
    const r = byteRange(range);
    const out: [string, T][] = [];
    const options = { reverse: r.reverse, limit: r.limit ?? -1, ...(r.gte ? { gte: r.gte } : {}), ...(r.lt ? { lt: r.lt } : {}) };
    for await (const [key, value] of this.db.iterator(options)) out.push([key.toString('utf8'), JSON.parse(value) as T]);
    return out;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
