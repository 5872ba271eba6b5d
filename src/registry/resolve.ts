// Semver resolution against the index: the highest version in range for each module, its
// required dependencies before it, installed modules reused when they satisfy the range.
// Two requirements that no single version meets are a dependency conflict naming both.
import semver from 'semver';
import { BlvmError } from '../errors.js';
import { MODULE_NAME_PATTERN, NODE_DEPENDENCY } from '../manifest/types.js';
import { versionProblem } from '../manifest/version.js';
import type { RegistryIndex, VersionEntry } from './index-types.js';
import type { InstalledModule } from './installed.js';

export interface ResolvedStep {
  name: string;
  version: string;
  entry: VersionEntry;
  /** "app 1.0.0" for a dependency; null for the module asked for. */
  requiredBy: string | null;
  range: string;
}

/** "name" or "name@range" → name and range ("*" when none is given). */
export function parseModuleSpec(spec: string): { name: string; range: string } {
  const at = spec.indexOf('@');
  const name = at === -1 ? spec : spec.slice(0, at);
  const range = at === -1 ? '*' : spec.slice(at + 1);
  if (!MODULE_NAME_PATTERN.test(name)) throw new BlvmError('usage', `${JSON.stringify(name)} is not a module name`);
  if (semver.validRange(range) === null) throw new BlvmError('usage', `${JSON.stringify(range)} is not a semver range (in ${spec})`);
  // A bare version is held to the one strict version rule; operators and ranges stay semver's.
  const bare = semver.valid(range) !== null || semver.valid(range.trim()) !== null;
  const problem = bare ? versionProblem(range) : undefined;
  if (problem !== undefined) throw new BlvmError('usage', `${problem} (in ${spec})`);
  return { name, range };
}

export function versionsOf(index: RegistryIndex, name: string): string[] {
  const module = Object.hasOwn(index.signed.modules, name) ? index.signed.modules[name] : undefined;
  return Object.keys(module?.versions ?? {}).sort(semver.compare);
}

/** The highest version of `name` in `range`, or a not_found error saying what exists. */
export function pickVersion(index: RegistryIndex, name: string, range: string, requiredBy: string | null): VersionEntry {
  const versions = versionsOf(index, name);
  const by = requiredBy === null ? '' : ` (required by ${requiredBy})`;
  if (versions.length === 0) throw new BlvmError('not_found', `no module named "${name}" in the registry${by}`);
  const best = semver.maxSatisfying(versions, range);
  if (best === null) {
    throw new BlvmError('not_found', `no version of ${name} satisfies ${range}${by}; the registry has ${versions.join(', ')}`);
  }
  return index.signed.modules[name].versions[best];
}

export class Resolver {
  readonly steps: ResolvedStep[] = [];
  private readonly chosen = new Map<string, ResolvedStep>();

  constructor(
    private readonly index: RegistryIndex,
    private readonly installed: Map<string, InstalledModule>,
  ) {}

  /** Adds `entry` and (first) every required dependency it does not find installed or chosen. */
  add(entry: VersionEntry, range: string, requiredBy: string | null): void {
    const { name, version } = entry.manifest;
    const step: ResolvedStep = { name, version, entry, requiredBy, range };
    this.chosen.set(name, step);
    for (const [dep, depRange] of Object.entries(entry.manifest.dependencies ?? {})) {
      if (dep !== NODE_DEPENDENCY) this.require(dep, depRange, `${name} ${version}`);
    }
    this.steps.push(step);
  }

  private require(name: string, range: string, by: string): void {
    const have = this.installed.get(name);
    if (have !== undefined) {
      if (have.version !== null && semver.satisfies(have.version, range)) return;
      const what = have.version === null ? `${have.dir} holds no readable module ${name}` : `${name} ${have.version} is installed`;
      throw new BlvmError('conflict', `dependency conflict: ${by} requires ${name} ${range}, but ${what} (upgrade or remove it first)`);
    }
    const picked = this.chosen.get(name);
    if (picked !== undefined) {
      if (semver.satisfies(picked.version, range)) return;
      const other = picked.requiredBy ?? 'the request';
      throw new BlvmError('conflict', `dependency conflict: ${by} requires ${name} ${range}, but ${other} requires ${name} ${picked.range} (resolved to ${picked.version})`);
    }
    this.add(pickVersion(this.index, name, range, by), range, by);
  }
}

/** Installed modules that require `name` in a range the new version does not meet. */
export function unmetDependents(installed: Map<string, InstalledModule>, name: string, version: string): string[] {
  return [...installed.values()]
    .filter((m) => m.name !== name && Object.hasOwn(m.dependencies, name) && !semver.satisfies(version, m.dependencies[name]))
    .map((m) => `${m.name} ${m.version ?? '?'} requires ${name} ${m.dependencies[name]}`);
}
