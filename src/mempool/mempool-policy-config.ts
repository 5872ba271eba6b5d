import type { NodeConfig } from '../config/types.js';
import type { MempoolPolicy } from './mempool-policy.js';

/** The [mempool] section as the chain store's policy. */
export function mempoolPolicy(config: NodeConfig['mempool']): MempoolPolicy {
  return { minFeeRate: config.min_fee_rate, maxCount: config.max_count, maxBytes: config.max_bytes, maxTxWeight: config.max_tx_weight };
}
