// The key-value store on LMDB (the `lmdb` package): db/<name>.lmdb plus its -lock file; keys
// are raw UTF-8 bytes (LMDB orders them bytewise), values JSON text.
import type { RootDatabase } from 'lmdb';
import { KvBase, type KvRow } from './kv-base.js';
import { byteRange, inRange } from './key-range.js';
import type { KvRange } from './kv-types.js';

export class LmdbKv extends KvBase {
  readonly backend = 'lmdb';

  private constructor(
    private readonly db: RootDatabase<string, Buffer>,
    readonly path: string,
  ) {
    super();
  }

  static async open(path: string): Promise<LmdbKv> {
    const { open } = await import('lmdb');
    return new LmdbKv(open<string, Buffer>({ path, keyEncoding: 'binary', encoding: 'string' }), path);
  }

  protected async readText(key: Buffer): Promise<string | undefined> {
    return this.db.get(key);
  }

  protected async writeRows(rows: KvRow[]): Promise<void> {
    await this.db.transaction(() => {
      for (const { key, text } of rows) {
        if (text !== undefined) this.db.putSync(key, text);
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
