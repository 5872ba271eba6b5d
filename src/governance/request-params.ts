// Parameters of the governance module API and control methods, checked with errors that
// name the field and value (invalid_request on the API, exit 2 on the CLI).
import { BlvmError } from '../errors.js';
import { SLUG, show } from './document-fields.js';

const fields = (params: unknown): Record<string, unknown> => (params !== null && typeof params === 'object' && !Array.isArray(params) ? (params as Record<string, unknown>) : {});

export function idParam(params: unknown): string {
  const id = fields(params).id;
  if (typeof id !== 'string' || !SLUG.test(id)) throw new BlvmError('usage', `params.id: expected a proposal id (a slug), got ${show(id)}`);
  return id;
}

export function statusParam(params: unknown): 'open' | 'closed' | undefined {
  const status = fields(params).status;
  if (status === undefined || status === 'open' || status === 'closed') return status;
  throw new BlvmError('usage', `params.status: expected "open" or "closed", got ${show(status)}`);
}

export function optionalString(params: unknown, key: string, required = false): string | undefined {
  const value = fields(params)[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') throw new BlvmError('usage', `params.${key}: expected a non-empty string, got ${show(value)}`);
  return value;
}
