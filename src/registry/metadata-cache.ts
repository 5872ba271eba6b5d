// The local metadata cache: the last registry index this node verified, per registry URL, with
// the time it was fetched (`<data_dir>/registry/metadata/<url hash>.json`). `module search` and
// `module info --remote` answer from it offline. What is read back is trusted only after its
// registry signatures verify again against today's [registry] trusted_keys and its version is
// not older than the last one seen from that registry (state.json).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { NodeConfig } from '../config/types.js';
import { BlvmError, errorText } from '../errors.js';
import { readJsonFile, writeJsonAtomic } from '../process/json-file.js';
import { toHex } from '../trust/secp.js';
import { parseIndex, type ParsedIndex } from './index-parse.js';
import { checkIndexSignatures } from './index-signature.js';
import { INDEX_FILE } from './index-types.js';
import { registryStatePath } from './paths.js';
import { lastSeen } from './seen-state.js';

const CACHE_FORMAT = 1;

export interface CachedMetadata {
  base: URL;
  indexUrl: URL;
  index: ParsedIndex;
  signedBy: string[];
  fetchedAt: Date;
}

export function metadataCachePath(config: Pick<NodeConfig, 'node'>, base: URL): string {
  const key = createHash('sha256').update(base.href).digest('hex').slice(0, 32);
  return join(config.node.data_dir, 'registry', 'metadata', `${key}.json`);
}

/** Keeps the bytes of an index that just passed every check, with the time it was fetched. */
export async function storeMetadata(config: NodeConfig, base: URL, indexBytes: Buffer, now: Date): Promise<void> {
  const file = metadataCachePath(config, base);
  try {
    await writeJsonAtomic(file, { format: CACHE_FORMAT, registry: base.href, fetched_at: now.toISOString(), index: indexBytes.toString('utf8') });
  } catch (error) {
    throw new BlvmError('io', `${file}: cannot write the registry metadata cache: ${errorText(error)}`, { cause: error });
  }
}

/** The cached index of `base`, verified again; undefined when nothing is cached. Throws when the entry cannot be trusted. */
export async function loadMetadata(config: NodeConfig, base: URL): Promise<CachedMetadata | undefined> {
  const file = metadataCachePath(config, base);
  const data = (await readJsonFile(file).catch((error: unknown) => {
    throw new BlvmError('io', `${file}: cannot read the registry metadata cache: ${errorText(error)}`, { cause: error });
  })) as { format?: unknown; registry?: unknown; fetched_at?: unknown; index?: unknown } | undefined;
  if (data === undefined) return undefined;
  const fetchedAt = new Date(typeof data.fetched_at === 'string' ? data.fetched_at : NaN);
  if (data.format !== CACHE_FORMAT || data.registry !== base.href || typeof data.index !== 'string' || Number.isNaN(fetchedAt.getTime())) {
    throw new BlvmError('io', `${file}: not a metadata cache entry of ${base.href} (format ${CACHE_FORMAT}); run with --refresh`);
  }
  const indexUrl = new URL(INDEX_FILE, base);
  const source = `${indexUrl.href} (cached in ${file})`;
  const index = parseIndex(data.index, source);
  const signedBy = checkIndexSignatures(index, source, config);
  const seen = await lastSeen(registryStatePath(config), base.href);
  if (seen !== undefined && (index.signed.version < seen.version || (index.signed.version === seen.version && toHex(index.digest) !== seen.digest))) {
    throw new BlvmError('policy_denied', `registry index ${source}: cached version ${index.signed.version} is not the version ${seen.version} last seen at ${seen.seen_at}; run with --refresh`);
  }
  return { base, indexUrl, index, signedBy, fetchedAt };
}
