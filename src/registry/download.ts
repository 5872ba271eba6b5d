// An artifact's bytes, from the cache or the registry, always matching the sha256 and size
// the signed index gives for it.
import { BlvmError } from '../errors.js';
import { sha256Hex } from '../trust/hash.js';
import type { ArtifactCache } from './cache.js';
import { getBytes } from './http-get.js';
import { MAX_ARTIFACT_BYTES, type VersionEntry } from './index-types.js';
import type { Progress } from './progress-bar.js';

export interface ArtifactSource {
  base: URL;
  cache: ArtifactCache;
  progress: (label: string) => Progress;
  /** [registry] deadline of one download, in ms. */
  deadlineMs: number;
}

export interface FetchedArtifact {
  bytes: Buffer;
  url: URL;
  fromCache: boolean;
}

export function artifactUrl(base: URL, entry: VersionEntry): URL {
  return new URL(entry.artifact, base);
}

export async function fetchArtifact(entry: VersionEntry, source: ArtifactSource): Promise<FetchedArtifact> {
  const { name, version } = entry.manifest;
  const url = artifactUrl(source.base, entry);
  const cached = await source.cache.get(entry.sha256);
  if (cached !== undefined && cached.length === entry.size) return { bytes: cached, url, fromCache: true };
  if (entry.size > MAX_ARTIFACT_BYTES) {
    throw new BlvmError('integrity_failed', `artifact of ${name} ${version} is ${entry.size} bytes, over the ${MAX_ARTIFACT_BYTES}-byte limit`);
  }
  const progress = source.progress(`downloading ${name} ${version}`);
  let bytes: Buffer;
  try {
    bytes = await getBytes(url, { maxBytes: MAX_ARTIFACT_BYTES, expectedSize: entry.size, deadlineMs: source.deadlineMs, onProgress: (n, total) => progress.update(n, total) });
  } finally {
    progress.done();
  }
  const actual = sha256Hex(bytes);
  if (actual !== entry.sha256) {
    throw new BlvmError(
      'integrity_failed',
      `artifact ${url.href} of ${name} ${version} is corrupt or tampered: its sha256 ${actual} differs from ${entry.sha256} in the signed index`,
    );
  }
  await source.cache.put(entry.sha256, bytes);
  return { bytes, url, fromCache: false };
}
