// Why the mempool refuses a transaction: one stable rule name per reason, carried as the
// BlvmError's `reason` and at the start of its message, so module API callers, the SDK and the
// operator CLI all see the rule.
import { BlvmError, type ErrorCode } from '../errors.js';

export const REJECT_RULES = [
  'already-known',
  'conflict',
  'missing-inputs',
  'immature-coinbase',
  'in-below-out',
  'bad-signature',
  'non-standard',
  'insufficient-fee',
  'tx-too-large',
  'mempool-full',
  'malformed',
  'coinbase',
] as const;

export type RejectRule = (typeof REJECT_RULES)[number];

const ERROR_CODES: Partial<Record<RejectRule, ErrorCode>> = { 'already-known': 'conflict', conflict: 'conflict', 'mempool-full': 'unavailable' };

/** The error for a refused transaction: `tx <txid> refused: <rule>: <what>`. */
export function rejectTx(rule: RejectRule, txid: string, what: string): BlvmError {
  return new BlvmError(ERROR_CODES[rule] ?? 'protocol', `tx ${txid} refused: ${rule}: ${what}`, { reason: rule });
}

/** The rule a mempool refusal names, if `error` is one. */
export function rejectRule(error: unknown): RejectRule | undefined {
  const reason = error instanceof BlvmError ? error.reason : undefined;
  return (REJECT_RULES as readonly string[]).includes(reason ?? '') ? (reason as RejectRule) : undefined;
}
