// Parameters of the wallet's control methods, checked with errors naming the offending value.
import { BlvmError } from '../errors.js';

type Params = Record<string, unknown>;

/** Highest fee rate a send accepts, sat/vB: far above any real rate, so a typo cannot burn the balance. */
export const MAX_FEE_RATE = 10_000;
export const DEFAULT_FEE_RATE = 2;

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

export function amountParam(params: Params): bigint {
  const amount = params.amount;
  if (typeof amount !== 'string' || !/^[1-9]\d{0,15}$/.test(amount)) {
    throw new BlvmError('usage', `SATS: expected a whole number of satoshis ≥ 1, got ${show(amount)}`);
  }
  return BigInt(amount);
}

export function feeRateParam(params: Params): number {
  const rate = params.fee_rate ?? DEFAULT_FEE_RATE;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > MAX_FEE_RATE) {
    throw new BlvmError('usage', `--fee-rate: expected sat/vB from 0 to ${MAX_FEE_RATE}, got ${show(rate)}`);
  }
  return rate;
}

export function addressParam(params: Params): string {
  const address = params.address;
  if (typeof address !== 'string' || address === '') throw new BlvmError('usage', `ADDRESS: expected an address, got ${show(address)}`);
  return address;
}

export function mnemonicParam(params: Params): string | undefined {
  const words = params.mnemonic;
  if (words === undefined) return undefined;
  if (typeof words !== 'string') throw new BlvmError('usage', `--mnemonic: expected the words as one string, got ${show(words)}`);
  return words;
}
