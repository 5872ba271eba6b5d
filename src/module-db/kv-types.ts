// The one key-value interface every module database backend implements (node.kv() in the SDK).
// Keys are strings compared by their UTF-8 bytes on every backend; values are JSON.

export interface KvRange {
  /** Only keys starting with this string. */
  prefix?: string;
  gte?: string;
  gt?: string;
  lte?: string;
  lt?: string;
  /** At most this many entries (default: all). */
  limit?: number;
  /** Highest key first. */
  reverse?: boolean;
}

export type KvOp = { type: 'put'; key: string; value: unknown } | { type: 'del'; key: string };

export interface KvStore {
  /** "sqlite", "lmdb" or "leveldb". */
  readonly backend: string;
  /** The file or directory under the module's db/ that holds this store. */
  readonly path: string;
  get<T = unknown>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  /** Applies every operation or none. */
  batch(ops: readonly KvOp[]): Promise<void>;
  /** Entries in key order (byte order of the UTF-8 keys), within the range. */
  entries<T = unknown>(range?: KvRange): Promise<[string, T][]>;
  close(): Promise<void>;
}

/** A range as half-open byte bounds [gte, lt), which every backend iterates natively. */
export interface ByteRange {
  gte?: Buffer;
  lt?: Buffer;
  limit?: number;
  reverse: boolean;
}
