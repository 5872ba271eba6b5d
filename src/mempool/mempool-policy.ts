// The mempool's limits ([mempool] in blvm.toml): the minimum fee rate and the bounds on what it holds.
import type { NodeConfig } from '../config/types.js';

export interface MempoolPolicy {
  /** Minimum fee rate, sat per virtual byte (fee ≥ ceil(rate × vsize)). */
  minFeeRate: number;
  /** Most transactions held at once. */
  maxCount: number;
  /** Most serialized bytes held at once. */
  maxBytes: number;
  /** Largest weight of one transaction (Bitcoin Core's standardness limit). */
  maxTxWeight: number;
}

export const DEFAULT_MEMPOOL_POLICY: MempoolPolicy = {
  minFeeRate: 1,
  maxCount: 5000,
  maxBytes: 50_000_000,
  maxTxWeight: 400_000,
};

/** The [mempool] section of blvm.toml as a policy. */
export function mempoolPolicy(config: NodeConfig['mempool']): MempoolPolicy {
  return { minFeeRate: config.min_fee_rate, maxCount: config.max_count, maxBytes: config.max_bytes, maxTxWeight: config.max_tx_weight };
}
