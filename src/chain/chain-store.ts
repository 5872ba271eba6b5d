// The chain store (data/chain.sqlite): header index with cumulative work, blocks, a tx index
// of the best chain and the tip. Every change of the tip commits in one sqlite transaction
// together with the blocks it connects or disconnects, so a crash at any point leaves either
// the old or the new tip. The chain events of a change are written to the outbox in the same
// transaction (src/chain/chain-outbox.ts) and published after it commits.
import { BlvmError, errorText } from '../errors.js';
import { acceptBlock, acceptHeader, type BlockOutcome } from './chain-accept.js';
import { activate, currentTip, loadBlock, newWriteTx, type WriteTx } from './chain-activation.js';
import { connectRejection, readCoinsByScript, upgradeCoins } from './chain-coins.js';
import type { KeyedCoin } from './coins.js';
import { ChainCore, normalizeHash, type BlockRef } from './chain-core.js';
import { openChainDb } from './chain-db.js';
import type { ChainEventListener } from './chain-events.js';
import { outboxName, pruneOutbox, readOutbox, writeOutbox, type OutboxedChainEvent } from './chain-outbox.js';
import { loadHeader, readStoredBlock, readStoredHeader, readStoredTx } from './chain-reads.js';
import { setStatusRows } from './chain-rows.js';
import { tipView } from './chain-json.js';
import { serializeBlock } from './block-codec.js';
import type {
  BlockHexView,
  BlockImportReport,
  ChainInfo,
  ChainTip,
  DecodedBlockView,
  HeaderImportReport,
  HeaderView,
  Rejection,
  ReorgSummary,
  TxView,
} from './chain-views.js';
import type { IndexEntry } from './block-index.js';
import { uint256Hex, toDisplayHex } from './hash.js';
import type { NetworkParams } from './params.js';
import { SerialQueue } from './serial-queue.js';
import type { Block, BlockHeader } from './types.js';
import { DEFAULT_MEMPOOL_POLICY, type MempoolPolicy } from '../mempool/mempool-policy.js';
import { syncMempool } from '../mempool/mempool-sync.js';

export interface ChainStoreOptions {
  params: NetworkParams;
  /** Receives every chain event, in order, after the change it describes (and its outbox row) has committed. */
  onEvent?: ChainEventListener;
  /** Called when a listener throws (the store carries on). */
  onListenerError?: (error: unknown) => void;
  /** The validator's clock, unix seconds (default: the system clock). */
  now?: () => number;
  /** The mempool's limits (default DEFAULT_MEMPOOL_POLICY). */
  mempool?: MempoolPolicy;
}

export interface ImportProgress {
  done: number;
  total: number;
}

/** Headers validated and stored per transaction during a header import. */
const HEADER_CHUNK = 1000;

export class ChainStore {
  private readonly queue = new SerialQueue();
  private closing: Promise<void> | undefined;
  private broken: BlvmError | undefined;
  /** Outbox rows up to this id are in the node's event log. */
  private drained = 0;
  private pruned = 0;

  private constructor(
    private readonly core: ChainCore,
    private readonly options: ChainStoreOptions,
    /** This file's outbox, as the node store's drain marks name it. */
    readonly outbox: string,
  ) {}

  /** Opens (or creates, with the network's genesis block) the chain store at `file`. */
  static async open(file: string, options: ChainStoreOptions): Promise<ChainStore> {
    const db = await openChainDb(file, options.params);
    const core = new ChainCore(db, options.params, options.now ?? (() => Math.floor(Date.now() / 1000)));
    let outbox: string;
    try {
      await core.load();
      await upgradeCoins(core, (e) => loadBlock(core, e));
      outbox = await outboxName(db);
    } catch (error) {
      await db.close().catch(() => {});
      throw error;
    }
    return new ChainStore(core, options, outbox);
  }

  get params(): NetworkParams {
    return this.core.params;
  }

  get mempoolPolicy(): MempoolPolicy {
    return this.options.mempool ?? DEFAULT_MEMPOOL_POLICY;
  }

  get file(): string {
    return this.core.db.file;
  }

  tip(): ChainTip {
    const tip = this.core.tip;
    return tipView(tip, this.core.index.medianTimePast(tip));
  }

  height(): number {
    return this.core.active.height;
  }

  /** Hash of the best chain's block at `height`. */
  blockHashAt(height: number): string {
    return this.core.resolve({ height }).hash;
  }

  /** Whether a header with this display hash is indexed. */
  has(hash: string): boolean {
    return this.core.index.get(normalizeHash(hash)) !== undefined;
  }

  info(): ChainInfo {
    const index = this.core.index;
    const best = index.bestHeader() ?? this.core.tip;
    let invalidated = 0;
    for (const e of index.values()) if (e.status === 'invalidated') invalidated++;
    return {
      network: this.core.params.network,
      genesis_hash: toDisplayHex(this.core.params.genesisHash),
      tip: this.tip(),
      best_header: { hash: best.hash, height: best.height, chainwork: uint256Hex(best.chainwork) },
      headers: index.size,
      blocks: index.blocks,
      invalidated,
    };
  }

  header(ref: BlockRef): Promise<HeaderView> {
    return this.read(() => readStoredHeader(this.core, this.core.resolve(ref)));
  }

  block(ref: BlockRef, format: 'hex'): Promise<BlockHexView>;
  block(ref: BlockRef, format: 'decoded'): Promise<DecodedBlockView>;
  block(ref: BlockRef, format: 'hex' | 'decoded'): Promise<BlockHexView | DecodedBlockView>;
  block(ref: BlockRef, format: 'hex' | 'decoded'): Promise<BlockHexView | DecodedBlockView> {
    return this.read(() => readStoredBlock(this.core, this.core.resolve(ref), format));
  }

  transaction(txid: string): Promise<TxView> {
    return this.read(() => readStoredTx(this.core, normalizeHash(txid, 'txid')));
  }

  /** The unspent outputs paying any of `scripts`, with the tip height they were read at. */
  coinsPaying(scripts: readonly Uint8Array[]): Promise<{ height: number; coins: KeyedCoin[] }> {
    return this.read(async () => ({ height: this.core.active.height, coins: await readCoinsByScript(this.core.db, scripts) }));
  }

  /** The header, height and median-time-past a regtest block built on `hash` (default: the tip) needs. */
  miningBase(hash?: string): Promise<{ hash: string; header: BlockHeader; height: number; medianTimePast: number }> {
    return this.read(async () => {
      const entry = hash === undefined ? this.core.tip : this.core.require(hash);
      const header = await loadHeader(this.core, entry);
      return { hash: entry.hash, header, height: entry.height, medianTimePast: this.core.index.medianTimePast(entry) };
    });
  }

  /**
   * Validates and stores a run of headers, each against its parent in the store, in
   * transactions of HEADER_CHUNK headers. Stops at the first header that fails a rule or
   * whose parent is unknown; the headers before it stay stored.
   */
  async acceptHeaders(headers: readonly BlockHeader[], onProgress?: (p: ImportProgress) => void): Promise<HeaderImportReport> {
    const counts = { validated: 0, added: 0, known: 0 };
    let complete = true;
    let rejected = null as Rejection | null;
    let first: number | null = null;
    let last: number | null = null;
    for (let start = 0; start < headers.length && rejected === null; start += HEADER_CHUNK) {
      const end = Math.min(start + HEADER_CHUNK, headers.length);
      await this.write(async () => {
        for (let i = start; i < end; i++) {
          const outcome = await acceptHeader(this.core, headers[i], i);
          if (outcome.kind === 'rejected') {
            rejected = i > 0 && last !== null ? inRun(outcome.rejection, last) : outcome.rejection;
            return;
          }
          counts.validated++;
          counts[outcome.kind]++;
          complete &&= outcome.complete;
          first ??= outcome.entry.height;
          last = outcome.entry.height;
        }
      });
      const stoppedAt = (rejected as Rejection | null)?.index;
      onProgress?.({ done: stoppedAt ?? end, total: headers.length });
    }
    const info = this.info();
    return { kind: 'headers', count: headers.length, ...counts, complete, first_height: first, last_height: last, rejected, best_header: info.best_header, tip: info.tip };
  }

  /** Validates and stores one block; it becomes the tip when its chain has more work than the tip's. */
  async acceptBlock(block: Block, raw: Uint8Array = serializeBlock(block)): Promise<BlockImportReport> {
    const outcome = await this.write((tx) => acceptBlock(this.core, tx, block, raw)).catch((error: unknown): BlockOutcome => {
      const rejection = connectRejection(error);
      if (rejection === undefined) throw error;
      return { kind: 'rejected', rejection };
    });
    const tip = this.tip();
    const base = { kind: 'block', tx_count: block.transactions.length, outcome: outcome.kind, tip } as const;
    if (outcome.kind === 'rejected') return { ...base, hash: outcome.rejection.hash, height: outcome.rejection.height, rejected: outcome.rejection };
    return { ...base, hash: outcome.entry.hash, height: outcome.entry.height, rejected: null };
  }

  /** Marks a block and its descendants invalidated and moves to the best remaining chain. */
  invalidate(hash: string): Promise<ReorgSummary> {
    return this.restatus('invalidated', () => {
      const entry = this.core.require(hash);
      if (entry.parent === null) throw new BlvmError('usage', `${entry.hash} is the genesis block, which cannot be invalidated`);
      return this.core.index.subtree(entry).filter((e) => e.status !== 'invalidated');
    });
  }

  /** Clears the invalidation of a block, its descendants and ancestors, and moves to the chain with the most work. */
  reconsider(hash: string): Promise<ReorgSummary> {
    return this.restatus('valid', () => {
      const entry = this.core.require(hash);
      const related = this.core.index.subtree(entry);
      for (let e = entry.parent; e; e = e.parent) related.push(e);
      return related.filter((e) => e.status === 'invalidated');
    });
  }

  /** Runs `work` as one write transaction of the store, queued with every tip change; its events publish after the commit. */
  update<T>(work: (core: ChainCore, tx: WriteTx) => Promise<T>): Promise<T> {
    return this.write((tx) => work(this.core, tx));
  }

  /** Runs `read` in the store's queue, between write transactions. */
  inspect<T>(read: (core: ChainCore) => Promise<T>): Promise<T> {
    return this.read(() => read(this.core));
  }

  /** Outbox events after `drained` (the last id the event log holds), oldest first: to publish again. */
  undrainedEvents(drained: number): Promise<OutboxedChainEvent[]> {
    this.markDrained(drained);
    return this.read(() => readOutbox(this.core.db, drained));
  }

  /** The event log holds every outbox event up to `id`: its rows go with the next write. */
  markDrained(id: number): void {
    this.drained = Math.max(this.drained, id);
  }

  /** Waits for queued work, then closes the file; later calls fail with `unavailable`. */
  close(): Promise<void> {
    this.closing ??= this.queue.idle().then(() => this.core.db.close());
    return this.closing;
  }

  private async restatus(status: 'valid' | 'invalidated', select: () => IndexEntry[]): Promise<ReorgSummary> {
    const summary = await this.write(async (tx, entries) => {
      for (const e of entries) e.status = status;
      await setStatusRows(this.core.db, entries, status);
      const target = this.core.index.bestCandidate(currentTip(this.core, tx));
      if (target !== null) await activate(this.core, tx, target);
      return { changed: entries.length, disconnected: tx.disconnected.map((e) => e.hash), connected: tx.connected.map((e) => e.hash) };
    }, select);
    return { tip: this.tip(), ...summary };
  }

  private read<T>(fn: () => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      this.assertUsable();
      return fn();
    });
  }

  // One write transaction: `prepare` checks the request first (its errors change nothing), then
  // memory follows only a committed change; a failed one reloads memory from the file.
  private write<T, P = undefined>(work: (tx: WriteTx, prepared: P) => Promise<T>, prepare?: () => P): Promise<T> {
    return this.queue.run(async () => {
      this.assertUsable();
      const prepared = prepare ? prepare() : (undefined as P);
      const tx = newWriteTx();
      const drained = this.drained;
      let result: T;
      let events: OutboxedChainEvent[];
      try {
        [result, events] = await this.core.db.transaction(async () => {
          const done = await work(tx, prepared);
          if (tx.connected.length + tx.disconnected.length > 0) await syncMempool(this.core, tx, this.mempoolPolicy, this.core.now());
          if (drained > this.pruned) await pruneOutbox(this.core.db, drained);
          return [done, await writeOutbox(this.core.db, tx.events)] as const;
        });
      } catch (error) {
        await this.core.load().catch((reloadError) => {
          this.broken = new BlvmError('unavailable', `chain store ${this.file} could not be reloaded after a failed write: ${errorText(reloadError)}`);
        });
        throw error;
      }
      this.pruned = Math.max(this.pruned, drained);
      if (tx.newTip) this.core.active.setTip(tx.newTip);
      for (const event of events) this.publish(event);
      return result;
    });
  }

  private publish(event: OutboxedChainEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch (error) {
      this.options.onListenerError?.(error);
    }
  }

  private assertUsable(): void {
    if (this.closing) throw new BlvmError('unavailable', `chain store ${this.file} is closed`);
    if (this.broken) throw this.broken;
  }
}

// A header of a run whose parent is unknown: the run itself is broken at this point.
function inRun(rejection: Rejection, previousHeight: number): Rejection {
  if (rejection.height !== null) return rejection;
  return {
    ...rejection,
    height: previousHeight + 1,
    problems: [...rejection.problems, `it does not link to the header before it in the run (height ${previousHeight})`],
  };
}
