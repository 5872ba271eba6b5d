import type { NodeConfig } from '../config/types.js';

/** `[payments] confirmations`, or its network default: 6, and 1 on regtest. */
export function purchaseConfirmations(config: Pick<NodeConfig, 'payments' | 'node'>): number {
  return config.payments.confirmations ?? (config.node.network === 'regtest' ? 1 : 6);
}
