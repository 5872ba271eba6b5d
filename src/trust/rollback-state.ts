// Rollback protection state: the highest version accepted for loading, per module name.
// The JSON implementation lives at <data_dir>/trust/versions.json and is replaced atomically.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import semver from 'semver';
import type { NodeConfig } from '../config/types.js';
import { BlvmError } from '../errors.js';
import { errnoCode } from '../manifest/paths.js';
import { versionProblem } from '../manifest/version.js';

export interface RollbackState {
  /** Highest version of the module accepted for loading so far, if any. */
  highestAccepted(name: string): Promise<string | undefined>;
  /** Called when the node accepts a module for loading; keeps the highest version. */
  recordAccepted(name: string, version: string): Promise<void>;
}

export function rollbackStatePath(config: Pick<NodeConfig, 'node'>): string {
  return join(config.node.data_dir, 'trust', 'versions.json');
}

async function readVersions(file: string): Promise<Map<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return new Map();
    throw new BlvmError('io', `${file}: cannot read rollback state: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BlvmError('io', `${file}: rollback state is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const modules = (data as { modules?: unknown } | null)?.modules;
  if (modules === null || typeof modules !== 'object' || Array.isArray(modules)) {
    throw new BlvmError('io', `${file}: rollback state has no "modules" object`);
  }
  const versions = new Map<string, string>();
  for (const [name, version] of Object.entries(modules)) {
    if (typeof version !== 'string' || semver.valid(version) === null) {
      throw new BlvmError('io', `${file}: modules.${name}: ${JSON.stringify(version)} is not a semantic version`);
    }
    versions.set(name, version);
  }
  return versions;
}

function mergeHighest(into: Map<string, string>, name: string, version: string): void {
  const current = into.get(name);
  if (current === undefined || semver.gt(version, current)) into.set(name, version);
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new BlvmError('io', `${file}: cannot write rollback state: ${(error as Error).message}`, { cause: error });
  }
}

export class JsonRollbackState implements RollbackState {
  private queue: Promise<void> = Promise.resolve();
  /** Accepted versions not yet written, and the write that will take them. */
  private pending = new Map<string, string>();
  private nextWrite: Promise<void> | null = null;

  private constructor(
    readonly file: string,
    private versions: Map<string, string>,
  ) {}

  /** Reads the state file (a missing file is an empty state). */
  static async open(file: string): Promise<JsonRollbackState> {
    return new JsonRollbackState(file, await readVersions(file));
  }

  /** Reads the file on every call: `blvm module upgrade` may reset an entry while the node runs. */
  async highestAccepted(name: string): Promise<string | undefined> {
    this.versions = await readVersions(this.file);
    return this.versions.get(name);
  }

  recordAccepted(name: string, version: string): Promise<void> {
    const problem = versionProblem(version);
    if (problem !== undefined) {
      return Promise.reject(new BlvmError('usage', `recordAccepted: ${problem}`));
    }
    // Writes run one at a time and merge with the file (the one source of truth), so no
    // accepted version is lost and an entry reset by resetAccepted stays reset. Versions
    // accepted while a write is waiting or running go into the next one together: 50 modules
    // verified at once make a few writes, not 50 in a row (issue 19).
    mergeHighest(this.pending, name, version);
    this.nextWrite ??= this.queue = this.queue.catch(() => undefined).then(() => this.writePending());
    return this.nextWrite;
  }

  private async writePending(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.nextWrite = null;
    const merged = await readVersions(this.file);
    for (const [name, version] of batch) mergeHighest(merged, name, version);
    const modules = Object.fromEntries([...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    await writeAtomically(this.file, JSON.stringify({ format: 1, modules }, null, 2) + '\n');
    this.versions = merged;
  }
}

/**
 * Sets one module's entry back to `version` (or removes it), even below the stored one: a
 * rolled-back upgrade must not leave the newer version recorded, or the old one is refused.
 */
export async function resetAccepted(file: string, name: string, version: string | undefined): Promise<void> {
  const versions = await readVersions(file);
  if (version === undefined) versions.delete(name);
  else versions.set(name, version);
  const modules = Object.fromEntries([...versions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  await writeAtomically(file, JSON.stringify({ format: 1, modules }, null, 2) + '\n');
}
