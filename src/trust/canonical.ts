// The one canonical byte form of a manifest that signatures cover: domain tag, then the
// manifest without `signatures` as JSON with recursively sorted keys and no whitespace.
import { createHash } from 'node:crypto';
import { BlvmError } from '../errors.js';
import type { Manifest } from '../manifest/types.js';

export const MANIFEST_DOMAIN_TAG = 'blvm-module-manifest-v1\n';

const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** JSON with object keys sorted by their UTF-8 bytes; undefined members are left out. */
export function canonicalJson(value: unknown, path = '$'): string {
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new BlvmError('manifest_invalid', `${path}: ${value} has no canonical form`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item, i) => canonicalJson(item, `${path}[${i}]`)).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort(byUtf8)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key], `${path}.${key}`)}`);
    return `{${members.join(',')}}`;
  }
  throw new BlvmError('manifest_invalid', `${path}: a ${value instanceof Date ? 'date-time' : typeof value} value has no canonical form`);
}

/** The exact bytes whose SHA-256 is signed. */
export function canonicalManifestBytes(manifest: Manifest): Buffer {
  const { signatures: _signatures, ...unsigned } = manifest;
  return Buffer.from(MANIFEST_DOMAIN_TAG + canonicalJson(unsigned), 'utf8');
}

/** SHA-256 of the canonical bytes: the 32-byte message every maintainer signs. */
export function manifestDigest(manifest: Manifest): Uint8Array {
  return new Uint8Array(createHash('sha256').update(canonicalManifestBytes(manifest)).digest());
}
