// The node's mempool: transactions accepted for the next blocks, kept in chain.sqlite and judged
// in the chain store's write queue, so acceptance never races a tip change. `submit` is the one
// entry point (module API tx.submit, `blvm tx submit`, the wallet).
import { BlvmError, errorText } from '../errors.js';
import type { ChainStore } from '../chain/chain-store.js';
import { decodedTx } from '../chain/chain-json.js';
import type { DecodedTx } from '../chain/chain-views.js';
import { normalizeHash } from '../chain/chain-core.js';
import { readTxLocation } from '../chain/chain-rows.js';
import { parseTransaction, serializeTransaction } from '../chain/tx-codec.js';
import type { Transaction } from '../chain/types.js';
import { acceptTx } from './accept-tx.js';
import { rejectRule, rejectTx } from './mempool-reject.js';
import { insertPoolRow, loadPoolRows, readPoolRow } from './mempool-rows.js';
import { PoolState, type PoolEntry } from './pool-state.js';

export interface SubmitResult {
  txid: string;
  /** Satoshis. */
  fee: number;
  vsize: number;
  weight: number;
  /** sat/vB. */
  fee_rate: number;
}

export interface MempoolEntryView extends SubmitResult {
  /** Accepted at, unix seconds. */
  time: number;
  /** Mempool transactions whose outputs this one spends. */
  depends: string[];
}

export interface MempoolTxView extends MempoolEntryView {
  status: 'mempool';
  hex: string;
  decoded: DecodedTx;
}

export type TxStatus =
  | { txid: string; status: 'mempool'; fee: number; vsize: number; time: number }
  | { txid: string; status: 'confirmed'; block_hash: string; height: number; confirmations: number }
  | { txid: string; status: 'unknown' };

export class Mempool {
  constructor(private readonly store: ChainStore) {}

  /** Judges and, when every rule passes, keeps `tx` (a Transaction, raw bytes or hex); a refusal throws a BlvmError whose `reason` names the rule. */
  async submit(tx: Transaction | Uint8Array | string): Promise<SubmitResult> {
    const parsed = decodeSubmitted(tx);
    const raw = serializeTransaction(parsed);
    // A refusal is returned out of the write, not thrown through it: a failed write reloads the whole chain index.
    const outcome = await this.store.update(async (core, write) => {
      const pool = new PoolState(await loadPoolRows(core.db));
      const accepted = await acceptTx(core, pool, parsed, raw, this.store.mempoolPolicy, core.now()).catch((error: unknown) => {
        if (rejectRule(error) === undefined) throw error;
        return error as BlvmError;
      });
      if (accepted instanceof BlvmError) return accepted;
      await insertPoolRow(core.db, accepted);
      write.events.push({ type: 'TxAccepted', payload: { txid: accepted.txid, fee: Number(accepted.fee), vsize: accepted.vsize } });
      return accepted;
    });
    if (outcome instanceof BlvmError) throw outcome;
    return summary(outcome);
  }

  /** Every mempool transaction, parents before children. */
  entries(): Promise<PoolEntry[]> {
    return this.store.inspect((core) => loadPoolRows(core.db));
  }

  async list(): Promise<MempoolEntryView[]> {
    const entries = await this.entries();
    const pool = new PoolState(entries);
    return entries.map((e) => ({ ...summary(e), time: e.time, depends: pool.parents(e) }));
  }

  /** A mempool transaction, or not_found. */
  async get(txid: string): Promise<MempoolTxView> {
    const id = normalizeHash(txid, 'txid');
    const entries = await this.entries();
    const entry = entries.find((e) => e.txid === id);
    if (entry === undefined) throw new BlvmError('not_found', `no transaction ${id} in the mempool`);
    return { status: 'mempool', ...summary(entry), time: entry.time, depends: new PoolState(entries).parents(entry), hex: entry.raw.toString('hex'), decoded: decodedTx(entry.tx) };
  }

  /** Where `txid` is: in the mempool, confirmed on the best chain (with confirmations), or unknown; read in one step of the store's queue. */
  status(txid: string): Promise<TxStatus> {
    const id = normalizeHash(txid, 'txid');
    return this.store.inspect(async (core) => {
      const entry = await readPoolRow(core.db, id);
      if (entry) return { txid: id, status: 'mempool', fee: Number(entry.fee), vsize: entry.vsize, time: entry.time };
      const location = await readTxLocation(core.db, id);
      const block = location === undefined ? undefined : core.index.get(location.block_hash);
      if (block === undefined) return { txid: id, status: 'unknown' };
      return { txid: id, status: 'confirmed', block_hash: block.hash, height: block.height, confirmations: core.active.height - block.height + 1 };
    });
  }
}

function summary(e: PoolEntry): SubmitResult {
  return { txid: e.txid, fee: Number(e.fee), vsize: e.vsize, weight: e.weight, fee_rate: Math.round((Number(e.fee) / e.vsize) * 1000) / 1000 };
}

// Hex or bytes become a transaction; undecodable input is a `malformed` refusal naming the problem.
function decodeSubmitted(tx: Transaction | Uint8Array | string): Transaction {
  if (typeof tx === 'object' && !(tx instanceof Uint8Array)) return tx;
  if (typeof tx === 'string' && !/^([0-9a-fA-F]{2})+$/.test(tx)) {
    throw rejectTx('malformed', '(undecodable)', `expected the transaction as an even number of hex digits, got "${tx.length > 40 ? `${tx.slice(0, 40)}…` : tx}"`);
  }
  try {
    return parseTransaction(typeof tx === 'string' ? Buffer.from(tx, 'hex') : tx);
  } catch (error) {
    throw rejectTx('malformed', '(undecodable)', errorText(error));
  }
}
