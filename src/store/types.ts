// Records kept in the node store (data/blvm.sqlite) and the store's public interface.
import type { Logger } from '../log/logger.js';
import type { ExitRecord } from '../process/types.js';
import type { WriteHealth } from './write-batcher.js';

/** The persisted domain record of one module: what the supervisor restarts from. */
export interface ModuleRecord {
  name: string;
  version: string | null;
  desired: 'enabled' | 'disabled';
  /** Top-level state of the module machine (`monitoring`, `quarantined`, ...). */
  phase: string;
  /** Full state path. */
  state: string;
  restarts: number;
  /** Quarantine evidence, stored as JSON. */
  quarantine: object | null;
  /** Last verification outcome, stored as JSON. */
  verification: object | null;
  updated_at: number;
}

export interface NewTransition {
  at: number;
  module: string;
  from: string;
  to: string;
  /** Type of the event that fired the transition. */
  event: string;
}

export interface TransitionRecord extends NewTransition {
  id: number;
}

export interface StoredExit {
  id: number;
  module: string;
  exit: ExitRecord;
  logTail: string[];
}

export interface NewEvent {
  type: string;
  source: string;
  payload: unknown;
  /** `payload` already serialised as JSON (stored as is, so it is not serialised twice). */
  payloadJson?: string;
  /** When it was published (epoch ms); defaults to the time of the append. */
  at?: number;
  /** An outbox entry this event drains: its id is recorded in the same commit as the event. */
  outbox?: { name: string; id: number };
}

export interface StoredEvent {
  seq: number;
  at: number;
  type: string;
  source: string;
  payload: unknown;
}

/** Sequence numbers of events that just committed (or that the store gave up: `dropped`), ascending. */
export type EventsCommittedListener = (seqs: readonly number[], outcome: 'committed' | 'dropped') => void;

/** Whether the store's writes commit (`failing`: e.g. the disk is full; writes wait queued). */
export interface StoreHealth extends WriteHealth {
  file: string;
}

export interface ReadEventsQuery {
  /** First sequence number returned (inclusive). */
  fromSeq: number;
  /** Only these event types; all types when absent or empty. */
  types?: string[];
  limit: number;
}

export interface ListTransitionsQuery {
  /** At most this many rows (the newest ones when `sinceId` is absent). */
  limit?: number;
  /** Only rows with an id greater than this, oldest first. */
  sinceId?: number;
}

export interface StoreOptions {
  /** Milliseconds between batch commits (default 100). */
  batchInterval?: number;
  /** Transitions kept per module. */
  retentionTransitions: number;
  /** Events kept in the durable event log. */
  retentionEvents: number;
  /** Bytes the durable event log may hold (payload, type and source of every row; default unlimited). */
  retentionEventBytes?: number;
  /** Exit records kept per module (default 100). */
  retentionExits?: number;
  log: Logger;
}

export interface Store {
  readonly file: string;
  upsertModule(rec: ModuleRecord): void;
  getModule(name: string): Promise<ModuleRecord | null>;
  listModules(): Promise<ModuleRecord[]>;
  appendTransition(t: NewTransition): void;
  listTransitions(module: string, query?: ListTransitionsQuery): Promise<TransitionRecord[]>;
  appendExit(module: string, exit: ExitRecord, logTail: string[]): void;
  listExits(module: string, limit: number): Promise<StoredExit[]>;
  /**
   * Resolves with the event's sequence number as soon as it is queued. The number comes from a
   * committed reservation, so it is never reused, even after a crash; rejects when no number can
   * be reserved (the store cannot commit).
   */
  appendEvent(event: NewEvent): Promise<number>;
  /**
   * Resolves once the event numbered `seq` (from appendEvent) is committed, so it survives a
   * kill of the process; asks for a group commit instead of waiting for the batch interval.
   * Rejects when the store gives the event up or closes before it commits.
   */
  whenCommitted(seq: number): Promise<void>;
  /** Called after each commit with the sequence numbers of the events it made durable, and with those it gave up. */
  onEventsCommitted(listener: EventsCommittedListener): () => void;
  /** The highest event sequence number committed so far. */
  readonly lastCommittedEventSeq: number;
  health(): StoreHealth;
  readEvents(query: ReadEventsQuery): Promise<StoredEvent[]>;
  /** The lowest sequence number that may still be stored (everything below was pruned or never used); null while the log is empty and nothing was pruned. */
  oldestEventSeq(): Promise<number | null>;
  getMeta<T = unknown>(key: string): Promise<T | undefined>;
  setMeta(key: string, value: unknown): void;
  /** Every meta entry whose key starts with `prefix`, by key. */
  listMeta<T = unknown>(prefix: string): Promise<{ key: string; value: T }[]>;
  /** Commits every queued write. */
  flush(): Promise<void>;
  /** Observes every committed write batch: its duration in ms and its row count. */
  onCommit?(listener: (ms: number, rows: number) => void): () => void;
  /** Flushes, then closes the file; later reads reject and later writes are dropped with a warning. */
  close(): Promise<void>;
}
