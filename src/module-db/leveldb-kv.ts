// The key-value store on LevelDB (the `classic-level` package): the directory db/<name>.leveldb;
// keys are raw UTF-8 bytes (LevelDB's bytewise comparator), values JSON text.
import type { ClassicLevel } from 'classic-level';
import { KvBase, type KvRow } from './kv-base.js';
import { byteRange } from './key-range.js';
import type { KvRange } from './kv-types.js';

export class LeveldbKv extends KvBase {
  readonly backend = 'leveldb';

  private constructor(
    private readonly db: ClassicLevel<Buffer, string>,
    readonly path: string,
  ) {
    super();
  }

  static async open(path: string): Promise<LeveldbKv> {
    const { ClassicLevel } = await import('classic-level');
    const db = new ClassicLevel<Buffer, string>(path, { keyEncoding: 'buffer', valueEncoding: 'utf8' });
    await db.open();
    return new LeveldbKv(db, path);
  }

  protected async readText(key: Buffer): Promise<string | undefined> {
    return this.db.get(key);
  }

  protected async writeRows(rows: KvRow[]): Promise<void> {
    await this.db.batch(rows.map(({ key, text }) => (text !== undefined ? { type: 'put' as const, key, value: text } : { type: 'del' as const, key })));
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
