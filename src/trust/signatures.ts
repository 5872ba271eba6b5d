// Counts the manifest signatures that come from the node's trusted maintainers, once per
// key, against the required threshold; every rejected signature gets a reason.
import type { NodeConfig } from '../config/types.js';
import { isReferenceSignatures, signatureEntries } from '../manifest/manifest-form.js';
import { manifestThreshold } from '../manifest/threshold.js';
import type { Manifest, ManifestSignature } from '../manifest/types.js';
import { manifestDigest } from './canonical.js';
import { expiryProblem } from './expiry.js';
import { isHighS, PUBLIC_KEY_HEX, signatureEncodingProblem, verifyDigest } from './secp.js';

export interface ValidSignature {
  /** The maintainer's name from the node's trusted_maintainers. */
  name: string;
  public_key: string;
}

export interface RejectedSignature {
  /** Position in the manifest's [[signatures]] (reference form: in signatures.maintainers). */
  index: number;
  /** Where the entry is: `signatures[1]` or `signatures.maintainers[1]`. */
  field: string;
  public_key: string;
  reason: string;
}

export interface SignatureReport {
  /** Enough valid signatures and not expired. */
  ok: boolean;
  required: number;
  valid: ValidSignature[];
  rejected: RejectedSignature[];
  /** Set when the manifest's `expires` has passed. */
  expired?: string;
  problems: string[];
}

export const shortKey = (key: string): string => (key.length > 12 ? `${key.slice(0, 12)}…` : key);

/** M = the node's signature floor, raised (never lowered) by the manifest's own threshold. */
export function requiredSignatures(manifest: Manifest, security: NodeConfig['security']): number {
  return Math.max(security.signature_threshold.m, manifestThreshold(manifest)?.m ?? 0);
}

/** One signature over `digest` of `document`: counted for a trusted key not seen before, else rejected with a reason. */
export function judge(
  signature: ManifestSignature,
  digest: Uint8Array,
  trusted: Map<string, string>,
  counted: Set<string>,
  document?: string,
): { ok: true; name: string } | { ok: false; reason: string } {
  const key = signature.public_key.toLowerCase();
  if (!PUBLIC_KEY_HEX.test(key)) return { ok: false, reason: 'malformed public key hex (expected 66 hex characters of a compressed key)' };
  const name = trusted.get(key);
  const malformed = signatureEncodingProblem(signature.signature);
  if (malformed !== undefined) return { ok: false, reason: name === undefined ? malformed : `${malformed} (entry by ${name})` };
  if (name === undefined) return { ok: false, reason: `untrusted key ${shortKey(key)}` };
  if (counted.has(key)) return { ok: false, reason: `second signature by ${name} ignored` };
  if (isHighS(signature.signature)) return { ok: false, reason: `high-S signature by ${name} rejected (must be low-S)` };
  if (!verifyDigest(signature.signature, digest, key)) return { ok: false, reason: `signature does not verify for ${name}${document === undefined ? '' : ` over this ${document}`}` };
  return { ok: true, name };
}

export function verifySignatures(manifest: Manifest, security: NodeConfig['security'], now: Date = new Date()): SignatureReport {
  const required = requiredSignatures(manifest, security);
  const trusted = new Map(security.trusted_maintainers.map((k) => [k.public_key.toLowerCase(), k.name]));
  const digest = manifestDigest(manifest);
  const counted = new Set<string>();
  const valid: ValidSignature[] = [];
  const rejected: RejectedSignature[] = [];
  const entries = signatureEntries(manifest);
  const field = isReferenceSignatures(manifest.signatures) ? 'signatures.maintainers' : 'signatures';
  entries.forEach((signature, index) => {
    const verdict = judge(signature, digest, trusted, counted, 'module.toml');
    const key = signature.public_key.toLowerCase();
    if (verdict.ok) {
      counted.add(key);
      valid.push({ name: verdict.name, public_key: key });
    } else {
      rejected.push({ index, field: `${field}[${index}]`, public_key: signature.public_key, reason: verdict.reason });
    }
  });
  const problems: string[] = [];
  const expired = expiryProblem(manifest, now);
  if (expired !== undefined) problems.push(expired);
  if (valid.length < required) {
    const signed = entries.length;
    problems.push(signed === 0 ? `module is unsigned: ${required} signature(s) from trusted maintainers required` : `${valid.length} of ${required} required signatures valid`);
    for (const r of rejected) problems.push(`${r.field}: ${r.reason}`);
    if (required > trusted.size) problems.push(`${required} signatures required but only ${trusted.size} trusted maintainer key(s) configured`);
  }
  return { ok: problems.length === 0, required, valid, rejected, expired, problems };
}
