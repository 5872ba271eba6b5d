// Signatures over the registry index: secp256k1 compact low-S ECDSA over
// SHA-256(INDEX_DOMAIN_TAG + canonical JSON of `signed`), counted only for keys listed in
// [registry] trusted_keys, once per distinct key, against the M of [registry] threshold.
import { createHash } from 'node:crypto';
import type { NodeConfig } from '../config/types.js';
import { BlvmError } from '../errors.js';
import { canonicalJson } from '../trust/canonical.js';
import { publicKeyOf } from '../trust/keys.js';
import { fromHex, isHighS, PUBLIC_KEY_HEX, secp, signatureEncodingProblem, toHex, verifyDigest } from '../trust/secp.js';
import { shortKey } from '../trust/signatures.js';
import { INDEX_DOMAIN_TAG, type IndexSignature, type RegistryIndex, type SignedIndex } from './index-types.js';

export function indexDigest(signed: SignedIndex): Uint8Array {
  return new Uint8Array(createHash('sha256').update(INDEX_DOMAIN_TAG + canonicalJson(signed), 'utf8').digest());
}

/** A signature entry by one registry key (private key as 64 hex chars). */
export function signIndex(signed: SignedIndex, privHex: string): IndexSignature {
  const public_key = publicKeyOf(privHex);
  const signature = toHex(secp.sign(indexDigest(signed), fromHex(privHex), { prehash: false, lowS: true }));
  return { public_key, signature };
}

export interface IndexSignatureReport {
  ok: boolean;
  required: number;
  /** Names (from [registry] trusted_keys) of the keys whose signatures count. */
  valid: string[];
  /** One reason per signature that does not count. */
  rejected: string[];
}

function judge(s: IndexSignature, digest: Uint8Array, trusted: Map<string, string>, counted: Set<string>): { name: string } | { reason: string } {
  const key = s.public_key.toLowerCase();
  if (!PUBLIC_KEY_HEX.test(key)) return { reason: 'malformed public key hex' };
  const name = trusted.get(key);
  const malformed = signatureEncodingProblem(s.signature);
  if (malformed !== undefined) return { reason: name === undefined ? malformed : `${malformed} (entry by ${name})` };
  if (name === undefined) return { reason: `untrusted key ${shortKey(key)} (not in [registry] trusted_keys)` };
  if (counted.has(key)) return { reason: `second signature by ${name} ignored` };
  if (isHighS(s.signature)) return { reason: `high-S signature by ${name} rejected` };
  if (!verifyDigest(s.signature, digest, key)) return { reason: `signature by ${name} does not verify (the index was changed after signing)` };
  return { name };
}

/** `digest` defaults to the digest of `index.signed`; a parsed index passes the digest of what it received. */
export function verifyIndexSignatures(index: RegistryIndex, registry: NodeConfig['registry'], digest = indexDigest(index.signed)): IndexSignatureReport {
  const trusted = new Map(registry.trusted_keys.map((k) => [k.public_key.toLowerCase(), k.name]));
  const counted = new Set<string>();
  const valid: string[] = [];
  const rejected: string[] = [];
  index.signatures.forEach((s, i) => {
    const verdict = judge(s, digest, trusted, counted);
    if ('name' in verdict) {
      counted.add(s.public_key.toLowerCase());
      valid.push(verdict.name);
    } else {
      rejected.push(`signatures[${i}]: ${verdict.reason}`);
    }
  });
  const required = registry.threshold.m;
  return { ok: valid.length >= required, required, valid, rejected };
}

/** Checks the registry signatures of an index; throws naming the first reason they do not suffice. */
export function checkIndexSignatures(index: RegistryIndex & { digest?: Uint8Array }, source: string, config: Pick<NodeConfig, 'registry'>): string[] {
  const report = verifyIndexSignatures(index, config.registry, index.digest);
  if (!report.ok) {
    const count = `${report.valid.length} of ${report.required} required registry signatures valid`;
    const first = report.rejected[0] ?? (index.signatures.length === 0 ? 'the index is unsigned' : 'not enough distinct trusted keys signed');
    throw new BlvmError('signature_failed', `registry index ${source}: ${count}: ${first}`, { details: report.rejected });
  }
  return report.valid;
}
