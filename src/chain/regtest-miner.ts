import { BlvmError } from '../errors.js';
import { heightPush } from './bip34.js';
import { decodeBits } from './compact-target.js';
import { blockHash, serializeHeader } from './header-codec.js';
import { hashToBigInt, sha256d } from './hash.js';
import { blockTxids, merkleRoot, witnessMerkleRoot } from './merkle.js';
import { blockSubsidy, regtestParams } from './params.js';
import { hasWitness } from './tx-codec.js';
import type { Block, BlockHeader, Transaction, TxOutput } from './types.js';
import { witnessCommitment, witnessCommitmentScript } from './witness-commitment.js';

export interface MineRegtestOptions {
  /** Header of the block to build on. */
  prev: BlockHeader;
  /** Height of the new block (prev's height + 1). */
  height: number;
  /** Header time, unix seconds. */
  time: number;
  /** Output script of the coinbase payout; default OP_TRUE (0x51). */
  payoutScript?: Uint8Array;
  /** Transactions after the coinbase, included as given (the chain store checks them when it connects the block). */
  extraTxs?: readonly Transaction[];
  /** Fees of `extraTxs`, added to the coinbase payout (default 0). */
  fees?: bigint;
}

const OP_TRUE = Buffer.from([0x51]);
const BLOCK_VERSION = 0x20000000;

/**
 * Builds and mines a regtest block: a coinbase with the BIP34 height, the block subsidy and fees to
 * `payoutScript`, a witness commitment when any transaction carries witness data, the merkle
 * root, and a nonce ground until the hash meets 207fffff (about two tries).
 */
export function mineRegtestBlock(options: MineRegtestOptions): Block {
  const { prev, height, time } = options;
  if (!Number.isSafeInteger(height) || height < 1) throw new BlvmError('usage', `regtest block height must be ≥ 1, got ${height}`);
  const extra = options.extraTxs ?? [];
  const segwit = extra.some(hasWitness);
  const outputs: TxOutput[] = [{ value: blockSubsidy(regtestParams, height) + (options.fees ?? 0n), scriptPubKey: options.payoutScript ?? OP_TRUE }];
  const reserved = Buffer.alloc(32);
  const coinbase = (outs: TxOutput[]): Transaction => ({
    version: 2,
    // Height then OP_0, as Bitcoin Core's miner writes it: keeps the scriptSig ≥ 2 bytes at heights 1..16.
    inputs: [{ prevTxid: Buffer.alloc(32), prevIndex: 0xffffffff, scriptSig: Buffer.concat([heightPush(height), Buffer.from([0x00])]), sequence: 0xffffffff, witness: segwit ? [reserved] : [] }],
    outputs: outs,
    locktime: 0,
  });
  let transactions: Transaction[] = [coinbase(outputs), ...extra];
  if (segwit) {
    const commitment = witnessCommitment(witnessMerkleRoot(transactions), reserved);
    transactions = [coinbase([...outputs, { value: 0n, scriptPubKey: witnessCommitmentScript(commitment) }]), ...extra];
  }
  const header: BlockHeader = {
    version: BLOCK_VERSION,
    prevHash: blockHash(prev),
    merkleRoot: merkleRoot(blockTxids(transactions)).root,
    time,
    bits: regtestParams.powLimitBits,
    nonce: 0,
  };
  return { header: { ...header, nonce: grindNonce(header) }, transactions };
}

function grindNonce(header: BlockHeader): number {
  const target = decodeBits(header.bits).target;
  const bytes = serializeHeader(header);
  for (let nonce = 0; nonce <= 0xffffffff; nonce++) {
    bytes.writeUInt32LE(nonce, 76);
    if (hashToBigInt(sha256d(bytes)) <= target) return nonce;
  }
  throw new BlvmError('internal', `no nonce meets bits ${header.bits.toString(16)} for this header; change the time or transactions`);
}
