// Field checks shared by the proposal, vote and result parsers: each problem names the
// document, the field and the offending value; all problems of a document are collected.
import { BlvmError } from '../errors.js';
import { PUBLIC_KEY_HEX, SIGNATURE_HEX } from '../trust/secp.js';

export const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};

/** Collects problems for one document; `fail` throws them all at once. */
export class FieldChecker {
  readonly problems: string[] = [];

  constructor(
    readonly what: string,
    readonly doc: Record<string, unknown>,
  ) {}

  static of(what: string, value: unknown): FieldChecker {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new BlvmError('protocol', `${what}: expected a JSON object, got ${show(value)}`);
    }
    return new FieldChecker(what, value as Record<string, unknown>);
  }

  problem(field: string, message: string): void {
    this.problems.push(`${field}: ${message}`);
  }

  only(fields: readonly string[]): void {
    for (const key of Object.keys(this.doc)) if (!fields.includes(key)) this.problem(key, 'unknown field');
  }

  string(field: string, opts: { optional?: boolean; max?: number; pattern?: RegExp; rule?: string } = {}): void {
    const value = this.doc[field];
    if (value === undefined && opts.optional) return;
    if (typeof value !== 'string' || value === '') return this.problem(field, `expected a non-empty string, got ${show(value)}`);
    if (opts.max !== undefined && [...value].length > opts.max) this.problem(field, `longer than ${opts.max} characters`);
    if (opts.pattern && !opts.pattern.test(value)) this.problem(field, `expected ${opts.rule ?? String(opts.pattern)}, got ${show(value)}`);
  }

  time(field: string): void {
    const value = this.doc[field];
    if (typeof value !== 'string' || !RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
      this.problem(field, `expected an RFC 3339 date-time like "2026-01-31T12:00:00Z", got ${show(value)}`);
    }
  }

  publicKey(field: string, value: unknown = this.doc[field]): void {
    if (typeof value !== 'string' || !PUBLIC_KEY_HEX.test(value) || value !== value.toLowerCase()) {
      this.problem(field, `expected a compressed public key (66 lowercase hex characters starting with 02 or 03), got ${show(value)}`);
    }
  }

  signatureHex(field: string): void {
    const value = this.doc[field];
    if (typeof value !== 'string' || !SIGNATURE_HEX.test(value)) this.problem(field, `expected a compact signature (128 hex characters), got ${show(value)}`);
  }

  /** `signatures`: an array of { name?, public_key, signature }. */
  signatures(): void {
    const value = this.doc.signatures;
    if (!Array.isArray(value)) return this.problem('signatures', `expected an array of { name, public_key, signature }, got ${show(value)}`);
    value.forEach((entry: unknown, i) => {
      const at = `signatures[${i}]`;
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return this.problem(at, `expected an object, got ${show(entry)}`);
      const e = entry as Record<string, unknown>;
      for (const key of Object.keys(e)) if (!['name', 'public_key', 'signature'].includes(key)) this.problem(`${at}.${key}`, 'unknown field');
      if (e.name !== undefined && typeof e.name !== 'string') this.problem(`${at}.name`, `expected a string, got ${show(e.name)}`);
      if (typeof e.public_key !== 'string' || !PUBLIC_KEY_HEX.test(e.public_key)) this.problem(`${at}.public_key`, `expected 66 hex characters, got ${show(e.public_key)}`);
      if (typeof e.signature !== 'string' || !SIGNATURE_HEX.test(e.signature)) this.problem(`${at}.signature`, `expected 128 hex characters, got ${show(e.signature)}`);
    });
  }

  /** Throws every collected problem, naming the document. */
  done<T>(): T {
    if (this.problems.length > 0) {
      throw new BlvmError('protocol', `${this.what} is invalid: ${this.problems[0]}`, { details: this.problems });
    }
    return this.doc as T;
  }
}

