// Downloads index.json and trusts it only after every check: structure, registry signatures
// (threshold of [registry] trusted_keys), expiry (freeze), and rollback against the last
// index seen from this registry. The accepted version is then recorded, and the index kept in
// the metadata cache (metadata-cache.ts) for offline search and info.
import type { NodeConfig } from '../config/types.js';
import { BlvmError } from '../errors.js';
import { toHex } from '../trust/secp.js';
import { getBytes } from './http-get.js';
import { parseIndex, type ParsedIndex } from './index-parse.js';
import { checkIndexSignatures } from './index-signature.js';
import { INDEX_FILE, MAX_INDEX_BYTES, type RegistryIndex } from './index-types.js';
import { storeMetadata } from './metadata-cache.js';
import { registryBaseUrl, registryStatePath } from './paths.js';
import { lastSeen, recordSeen, rollbackProblem } from './seen-state.js';

export interface VerifiedIndex {
  /** Registry base URL (with a trailing slash). */
  base: URL;
  indexUrl: URL;
  /** Only the usable entries; `index.skipped` names the ones set aside. */
  index: ParsedIndex;
  /** Names of the registry keys whose signatures counted. */
  signedBy: string[];
}

/** Checks an index already in memory; throws naming the first reason it cannot be trusted. */
export function checkIndexTrust(index: RegistryIndex & { digest?: Uint8Array }, source: string, config: NodeConfig, now: Date): string[] {
  const valid = checkIndexSignatures(index, source, config);
  const expires = Date.parse(index.signed.expires);
  if (expires <= now.getTime()) {
    throw new BlvmError('policy_denied', `registry index ${source} expired at ${index.signed.expires} (now ${now.toISOString()}); the registry must publish a freshly signed index`);
  }
  return valid;
}

export async function fetchVerifiedIndex(config: NodeConfig, opts: { now?: Date } = {}): Promise<VerifiedIndex> {
  const base = registryBaseUrl(config);
  if (config.registry.trusted_keys.length === 0) {
    throw new BlvmError('config_invalid', `no registry keys are trusted: add [registry] trusted_keys to ${config.file} so the index of ${base.href} can be verified`);
  }
  const indexUrl = new URL(INDEX_FILE, base);
  const bytes = await getBytes(indexUrl, { maxBytes: MAX_INDEX_BYTES, deadlineMs: config.registry.deadline });
  const index = parseIndex(bytes.toString('utf8'), indexUrl.href);
  const now = opts.now ?? new Date();
  const signedBy = checkIndexTrust(index, indexUrl.href, config, now);
  const stateFile = registryStatePath(config);
  const digest = toHex(index.digest);
  const problem = rollbackProblem(await lastSeen(stateFile, base.href), index.signed.version, digest);
  if (problem !== undefined) throw new BlvmError('policy_denied', `registry index ${indexUrl.href}: ${problem}`);
  await recordSeen(stateFile, base.href, index.signed.version, digest, now);
  await storeMetadata(config, base, bytes, now);
  return { base, indexUrl, index, signedBy };
}
