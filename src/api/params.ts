// Validation of module API request params: every problem is an `invalid_request` naming the
// method, the field and the offending value.
import { apiError } from '../ipc/api-errors.js';

export type Params = Record<string, unknown>;

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function invalid(method: string, field: string, expected: string, value: unknown): Error {
  return apiError('invalid_request', `${method}: "${field}" must be ${expected}, got ${show(value)}`);
}

/** The params object of a request, refusing fields the method does not know. */
export function paramsOf(method: string, params: unknown, allowed: readonly string[]): Params {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw apiError('invalid_request', `${method}: params must be an object, got ${show(params)}`);
  }
  for (const key in params) {
    if (allowed.includes(key)) continue;
    const known = allowed.length > 0 ? `known: ${allowed.join(', ')}` : 'it takes none';
    throw apiError('invalid_request', `${method}: unknown parameter "${key}" (${known})`);
  }
  return params as Params;
}

export function requiredString(method: string, p: Params, field: string, pattern?: RegExp, what = 'a non-empty string'): string {
  const value = p[field];
  if (typeof value !== 'string' || value.length === 0 || (pattern && !pattern.test(value))) {
    throw invalid(method, field, what, value);
  }
  return value;
}

export function optionalString(method: string, p: Params, field: string, pattern?: RegExp, what?: string): string | undefined {
  return p[field] === undefined ? undefined : requiredString(method, p, field, pattern, what);
}

/** Free text: any string, empty included, up to `max` characters. */
export function optionalText(method: string, p: Params, field: string, max: number): string | undefined {
  const value = p[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > max) throw invalid(method, field, `a string of at most ${max} characters`, value);
  return value;
}

export function optionalBoolean(method: string, p: Params, field: string): boolean | undefined {
  const value = p[field];
  if (value !== undefined && typeof value !== 'boolean') throw invalid(method, field, 'true or false', value);
  return value as boolean | undefined;
}

export function optionalInteger(method: string, p: Params, field: string, min: number, max: number): number | undefined {
  const value = p[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(method, field, `a whole number from ${min} to ${max}`, value);
  }
  return value;
}

export function optionalStringArray(method: string, p: Params, field: string, max: number): string[] | undefined {
  const value = p[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > max || value.some((v) => typeof v !== 'string' || v.length === 0)) {
    throw invalid(method, field, `an array of at most ${max} non-empty strings`, value);
  }
  return value as string[];
}

export function optionalObject(method: string, p: Params, field: string): Params | undefined {
  const value = p[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(method, field, 'an object', value);
  return value as Params;
}

export function requiredArray(method: string, p: Params, field: string, max: number): unknown[] {
  const value = p[field];
  if (!Array.isArray(value) || value.length === 0 || value.length > max) {
    throw invalid(method, field, `an array of 1 to ${max} entries`, value);
  }
  return value;
}
