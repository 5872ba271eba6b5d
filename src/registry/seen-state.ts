// Rollback protection for registry indexes: the highest index version seen per registry URL
// (and the digest of what it said), kept at <data_dir>/registry/state.json. A lower version,
// or the same version with different content, is refused.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BlvmError } from '../errors.js';
import { errnoCode } from '../manifest/paths.js';

export interface SeenIndex {
  version: number;
  /** Hex SHA-256 of the signed part of that index. */
  digest: string;
  seen_at: string;
}

type SeenMap = Record<string, SeenIndex>;

async function readSeen(file: string): Promise<SeenMap> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return {};
    throw new BlvmError('io', `${file}: cannot read registry state: ${(error as Error).message}`, { cause: error });
  }
  try {
    const data = JSON.parse(text) as { registries?: unknown };
    if (data.registries === null || typeof data.registries !== 'object' || Array.isArray(data.registries)) throw new Error('no "registries" object');
    return data.registries as SeenMap;
  } catch (error) {
    throw new BlvmError('io', `${file}: registry state is not valid: ${(error as Error).message}`, { cause: error });
  }
}

/** What was last seen from the registry at `url`, if anything. */
export async function lastSeen(file: string, url: string): Promise<SeenIndex | undefined> {
  const seen = await readSeen(file);
  return Object.hasOwn(seen, url) ? seen[url] : undefined;
}

/** Why an index with this version and digest must be refused, or undefined when it may be used. */
export function rollbackProblem(previous: SeenIndex | undefined, version: number, digest: string): string | undefined {
  if (previous === undefined) return undefined;
  if (version < previous.version) {
    return `index version ${version} is older than version ${previous.version} seen at ${previous.seen_at} (rollback refused)`;
  }
  if (version === previous.version && digest !== previous.digest) {
    return `index version ${version} differs from the version ${version} seen at ${previous.seen_at} (same version, different content: refused)`;
  }
  return undefined;
}

/** Records an accepted index; keeps the highest version. */
export async function recordSeen(file: string, url: string, version: number, digest: string, now: Date): Promise<void> {
  const seen = await readSeen(file);
  const previous = Object.hasOwn(seen, url) ? seen[url] : undefined;
  if (previous !== undefined && previous.version >= version) return;
  seen[url] = { version, digest, seen_at: now.toISOString() };
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify({ format: 1, registries: seen }, null, 2) + '\n', { mode: 0o600 });
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new BlvmError('io', `${file}: cannot write registry state: ${(error as Error).message}`, { cause: error });
  }
}
