// Where `module search` and `module info --remote` get the verified index: the metadata cache
// while it is younger than [registry] metadata_max_age, else the registry; when the registry is
// unreachable, the cache at any age. `--refresh` always asks the registry. Every answer from
// the cache says how old it is.
import { formatDuration } from '../config/durations.js';
import type { NodeConfig } from '../config/types.js';
import { errorText, isBlvmError } from '../errors.js';
import { fetchVerifiedIndex, type VerifiedIndex } from './fetch-index.js';
import { loadMetadata, type CachedMetadata } from './metadata-cache.js';
import { registryBaseUrl } from './paths.js';

export interface CacheUse {
  fetchedAt: string;
  ageSeconds: number;
  /** Why the cache answered instead of the registry. */
  reason: string;
  /** Set when the cached index has passed its `expires`. */
  expired?: string;
}

export interface MetadataSource {
  verified: VerifiedIndex;
  /** Set when the answer comes from the cache. */
  cache?: CacheUse;
}

const AGE_UNITS: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1000]];

/** "3 min 12 s", "2 h", "4 d 1 h": the largest unit and the next one when not zero. */
export function formatAge(ms: number): string {
  const i = AGE_UNITS.findIndex(([, size]) => ms >= size);
  if (i === -1) return '0 s';
  const [unit, size] = AGE_UNITS[i];
  const next = AGE_UNITS[i + 1];
  const rest = next === undefined ? 0 : Math.floor((ms % size) / next[1]);
  return `${Math.floor(ms / size)} ${unit}${rest > 0 ? ` ${rest} ${next[0]}` : ''}`;
}

function fromCache(cached: CachedMetadata, reason: string, now: Date): MetadataSource {
  const { index, ...rest } = cached;
  const expires = Date.parse(index.signed.expires);
  return {
    verified: { base: rest.base, indexUrl: rest.indexUrl, index, signedBy: rest.signedBy },
    cache: {
      fetchedAt: cached.fetchedAt.toISOString(),
      ageSeconds: Math.max(0, Math.floor((now.getTime() - cached.fetchedAt.getTime()) / 1000)),
      reason,
      expired: expires <= now.getTime() ? index.signed.expires : undefined,
    },
  };
}

export async function openMetadata(config: NodeConfig, opts: { refresh: boolean; now?: Date; warn: (line: string) => void }): Promise<MetadataSource> {
  const now = opts.now ?? new Date();
  let cached: CachedMetadata | undefined;
  if (!opts.refresh) {
    try {
      cached = await loadMetadata(config, registryBaseUrl(config));
    } catch (error) {
      opts.warn(`the metadata cache is not usable: ${errorText(error)}`);
    }
  }
  const maxAge = config.registry.metadata_max_age;
  if (cached !== undefined && now.getTime() - cached.fetchedAt.getTime() < maxAge) {
    return fromCache(cached, `younger than [registry] metadata_max_age (${formatDuration(maxAge)}); --refresh asks the registry`, now);
  }
  try {
    return { verified: await fetchVerifiedIndex(config, { now }) };
  } catch (error) {
    if (cached === undefined || !isBlvmError(error) || error.code !== 'unavailable') throw error;
    return fromCache(cached, error.message, now);
  }
}

/** "from the metadata cache: index version 3 of http://…/ fetched 2 min 5 s ago (…); registry unreachable…" */
export function describeCacheUse(source: MetadataSource): string | undefined {
  const { cache, verified } = source;
  if (cache === undefined) return undefined;
  const expired = cache.expired === undefined ? '' : `; the index expired at ${cache.expired}`;
  return `from the metadata cache: index version ${verified.index.signed.version} of ${verified.base.href} fetched ${formatAge(cache.ageSeconds * 1000)} ago (${cache.fetchedAt}); ${cache.reason}${expired}`;
}

/** The `source` and `cache` members of a command's --json output. */
export function cacheJson(source: MetadataSource): { source: 'registry' | 'cache'; cache: Record<string, unknown> | null } {
  const { cache } = source;
  if (cache === undefined) return { source: 'registry', cache: null };
  return { source: 'cache', cache: { fetched_at: cache.fetchedAt, age_seconds: cache.ageSeconds, reason: cache.reason, expired: cache.expired ?? null } };
}
