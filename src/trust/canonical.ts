// The one canonical byte form of a manifest that signatures cover: domain tag, then the
// manifest without `signatures` (in either form, normalised) as JSON with recursively sorted
// keys and no whitespace.
import { createHash } from 'node:crypto';
import { BlvmError } from '../errors.js';
import { declaredThreshold } from '../manifest/manifest-form.js';
import type { Manifest } from '../manifest/types.js';
import { treeHashOf } from './tree.js';

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

/**
 * What is signed, independent of the form the manifest is written in (docs/trust.md section 3):
 * no signatures, the threshold at the top, and a [binary] that hashes only the entry point
 * spelled as an empty listing. So both forms of one module sign the same bytes.
 */
export function signedContent(manifest: Manifest): Record<string, unknown> {
  const { signatures: _signatures, threshold: _threshold, binary, ...rest } = manifest;
  const normalBinary = binary === undefined ? undefined : { ...binary, tree_hash: binary.tree_hash ?? treeHashOf({}), files: binary.files ?? {} };
  return { ...rest, threshold: declaredThreshold(manifest), binary: normalBinary };
}

/** The exact bytes whose SHA-256 is signed. */
export function canonicalManifestBytes(manifest: Manifest): Buffer {
  return Buffer.from(MANIFEST_DOMAIN_TAG + canonicalJson(signedContent(manifest)), 'utf8');
}

/** SHA-256 of the canonical bytes: the 32-byte message every maintainer signs. */
export function manifestDigest(manifest: Manifest): Uint8Array {
  return new Uint8Array(createHash('sha256').update(canonicalManifestBytes(manifest)).digest());
}
