// Validation verdicts: every rule reports pass, fail (with a stable machine code) or
// unchecked (the context it needs was not given). A verdict is valid when nothing failed
// and complete when nothing was left unchecked.

export type RuleName =
  | 'genesis'
  | 'target'
  | 'pow'
  | 'link'
  | 'median-time'
  | 'future-time'
  | 'bits'
  | 'version'
  | 'merkle-root'
  | 'merkle-mutation'
  | 'unique-txids'
  | 'coinbase'
  | 'size'
  | 'transactions'
  | 'bip34-height'
  | 'witness-commitment'
  | 'weight'
  | 'inputs'
  | 'coinbase-maturity'
  | 'amounts'
  | 'coinbase-amount'
  | 'bip30'
  | 'scripts';

export type FailureCode =
  | 'bad-genesis'
  | 'bad-target'
  | 'high-hash'
  | 'bad-prevblk'
  | 'time-too-old'
  | 'time-too-new'
  | 'bad-diffbits'
  | 'bad-version'
  | 'bad-txnmrklroot'
  | 'bad-txns-duplicate'
  | 'duplicate-txid'
  | 'bad-cb-missing'
  | 'bad-cb-multiple'
  | 'bad-blk-length'
  | 'bad-txns-vin-empty'
  | 'bad-txns-vout-empty'
  | 'bad-txns-oversize'
  | 'bad-txns-vout-negative'
  | 'bad-txns-vout-toolarge'
  | 'bad-txns-txouttotal-toolarge'
  | 'bad-txns-inputs-duplicate'
  | 'bad-cb-length'
  | 'bad-txns-prevout-null'
  | 'bad-cb-height'
  | 'bad-witness-nonce-size'
  | 'bad-witness-merkle-match'
  | 'unexpected-witness'
  | 'bad-blk-weight'
  | 'bad-txns-inputs-missingorspent'
  | 'bad-txns-premature-spend-of-coinbase'
  | 'bad-txns-in-belowout'
  | 'bad-txns-inputvalues-outofrange'
  | 'bad-cb-amount'
  | 'bad-txns-BIP30'
  | 'mandatory-script-verify-flag-failed';

/** Code of a rule that could not be evaluated for lack of context. */
export const CONTEXT_MISSING = 'context-missing';
/** Code of the scripts rule when some inputs spend output types blvm does not execute. */
export const NOT_EXECUTED = 'not-executed';

export type RuleResult =
  | { rule: RuleName; status: 'pass'; message: string }
  | { rule: RuleName; status: 'fail'; code: FailureCode; message: string }
  | { rule: RuleName; status: 'unchecked'; code: typeof CONTEXT_MISSING | typeof NOT_EXECUTED; message: string };

export interface Verdict {
  /** No rule failed. */
  valid: boolean;
  /** No rule was left unchecked. */
  complete: boolean;
  results: RuleResult[];
  /** What this validator never checks, whatever the input. */
  notValidated: readonly string[];
}

export const NOT_VALIDATED: readonly string[] = Object.freeze([
  'scripts other than P2PKH, P2WPKH, P2SH-P2WPKH and the P2TR key path (P2PK, multisig, P2WSH, other P2SH, taproot script paths): counted as not executed',
  'spends of outputs outside the block when it is validated without the chain before it (the chain store checks them when it connects the block)',
  'signature-operation limits (legacy, P2SH and witness sigop cost)',
  'locktime and sequence finality (nLockTime against height/median time, BIP68/BIP112/BIP113)',
  'soft-fork rules beyond BIP34/65/66 version floors, BIP34 heights and segwit commitments (e.g. taproot, witness program rules)',
  'chain selection, reorgs and checkpoints (a header is judged only against the context given)',
  'policy/standardness rules (mempool relay limits, dust, fee rates)',
  'testnet4 (BIP94) rules: testnet means testnet3',
]);

export function pass(rule: RuleName, message: string): RuleResult {
  return { rule, status: 'pass', message };
}

export function fail(rule: RuleName, code: FailureCode, message: string): RuleResult {
  return { rule, status: 'fail', code, message };
}

export function unchecked(rule: RuleName, message: string, code: typeof CONTEXT_MISSING | typeof NOT_EXECUTED = CONTEXT_MISSING): RuleResult {
  return { rule, status: 'unchecked', code, message };
}

export function makeVerdict(results: RuleResult[]): Verdict {
  let valid = true;
  let complete = true;
  for (const r of results) {
    if (r.status === 'fail') valid = false;
    else if (r.status === 'unchecked') complete = false;
  }
  return { valid, complete, results, notValidated: NOT_VALIDATED };
}

export function failures(v: Verdict): Extract<RuleResult, { status: 'fail' }>[] {
  return v.results.filter((r): r is Extract<RuleResult, { status: 'fail' }> => r.status === 'fail');
}
