// Combining maintainer signatures gathered separately over the same document: the unsigned
// bodies must be identical; each key keeps one signature.
import { canonicalJson } from '../trust/canonical.js';
import type { MaintainerSignature } from './types.js';

export function sameUnsigned<T extends { signatures: MaintainerSignature[] }>(a: T, b: T): boolean {
  return canonicalJson({ ...a, signatures: [] }) === canonicalJson({ ...b, signatures: [] });
}

export function mergeSignatures(a: MaintainerSignature[], b: MaintainerSignature[]): MaintainerSignature[] {
  const byKey = new Map<string, MaintainerSignature>();
  for (const s of [...a, ...b]) if (!byKey.has(s.public_key.toLowerCase())) byKey.set(s.public_key.toLowerCase(), s);
  return [...byKey.values()];
}
