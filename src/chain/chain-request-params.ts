// Parameters of the chain's control methods and module API methods, checked with errors that
// name the offending value (usage → exit 2 on the CLI, invalid_request on the module API).
import { BlvmError } from '../errors.js';
import type { BlockRef } from './chain-core.js';

type Params = Record<string, unknown>;

function object(params: unknown): Params {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) throw new BlvmError('usage', `params: expected an object, got ${JSON.stringify(params)}`);
  return params as Params;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Refuses fields the method does not take. */
export function onlyFields(method: string, params: unknown, allowed: readonly string[]): void {
  const unknown = Object.keys(object(params)).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    const known = allowed.length > 0 ? `known: ${allowed.join(', ')}` : 'it takes none';
    throw new BlvmError('usage', `${method}: unknown parameter "${unknown[0]}" (${known})`);
  }
}

export function heightParam(params: unknown): number {
  const height = object(params).height;
  if (typeof height !== 'number' || !Number.isSafeInteger(height) || height < 0) {
    throw new BlvmError('usage', `params.height: expected a block height (a whole number ≥ 0), got ${show(height)}`);
  }
  return height;
}

export function hashParam(params: unknown, key: 'hash' | 'txid' = 'hash'): string {
  const value = object(params)[key];
  if (typeof value !== 'string' || !/^[0-9a-fA-F]{64}$/.test(value)) {
    throw new BlvmError('usage', `params.${key}: expected 64 hex digits, got ${show(value)}`);
  }
  return value.toLowerCase();
}

/** `{hash}` or `{height}` (exactly one of them). */
export function blockRefParam(params: unknown): BlockRef {
  const p = object(params);
  if (p.hash !== undefined && p.height !== undefined) throw new BlvmError('usage', 'params: give either hash or height, not both');
  if (p.hash !== undefined) return { hash: hashParam(p) };
  if (p.height !== undefined) return { height: heightParam(p) };
  throw new BlvmError('usage', 'params: expected a block hash (hash) or a height (height)');
}

export function formatParam(params: unknown): 'hex' | 'decoded' {
  const format = object(params).format ?? 'decoded';
  if (format !== 'hex' && format !== 'decoded') throw new BlvmError('usage', `params.format: expected "hex" or "decoded", got ${show(format)}`);
  return format;
}

export function countParam(params: unknown): number {
  const count = object(params).count;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) {
    throw new BlvmError('usage', `params.count: expected a number of blocks ≥ 1, got ${show(count)}`);
  }
  return count;
}

export function pathParam(params: unknown): string {
  const path = object(params).path;
  if (typeof path !== 'string' || path === '') throw new BlvmError('usage', `params.path: expected a file path, got ${show(path)}`);
  return path;
}

/** Optional `payout_script`: the coinbase output script of generated blocks, as hex (at most 10,000 bytes). */
export function payoutScriptParam(params: unknown): Buffer | undefined {
  const value = (params as Record<string, unknown> | undefined)?.payout_script;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^([0-9a-fA-F]{2}){1,10000}$/.test(value)) {
    throw new BlvmError('usage', `"payout_script" must be an output script as hex (1 to 10000 bytes), got ${JSON.stringify(value).slice(0, 80)}`);
  }
  return Buffer.from(value, 'hex');
}
