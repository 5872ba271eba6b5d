// `blvm module upgrade NAME[@RANGE]`: the same checks as install; the previous version
// stays on disk until the new one runs in the node, and comes back (with its rollback
// state entry) if the new one does not start.
import semver from 'semver';
import { BlvmError } from '../errors.js';
import { JsonRollbackState, rollbackStatePath } from '../trust/rollback-state.js';
import { checkFree, moveIntoPlace } from './commit.js';
import { hotLoad } from './install.js';
import { listInstalled, type InstalledModule } from './installed.js';
import { NodeLink } from './node-link.js';
import { pickVersion, Resolver, unmetDependents } from './resolve.js';
import { describeIndex, type RegistrySession } from './session.js';
import { stageAll } from './stage-all.js';
import { switchVersion } from './switch-version.js';

export interface UpgradeReport {
  name: string;
  from: string;
  /** Undefined when the installed version is already the newest in range. */
  to?: string;
  /** Phase of the new version in the running node; absent when it was not started. */
  phase?: string;
}

async function installedTarget(session: RegistrySession, name: string): Promise<{ have: InstalledModule & { version: string }; installed: Map<string, InstalledModule> }> {
  const installed = await listInstalled(session.config);
  const have = installed.get(name);
  if (have === undefined) {
    throw new BlvmError('not_found', `${name} is not installed in ${session.config.modules.modules_dir}; use blvm module install ${name}`);
  }
  if (have.version === null) throw new BlvmError('conflict', `${have.dir}/module.toml cannot be read; fix or remove ${have.dir} first`);
  return { have: { ...have, version: have.version }, installed };
}

export async function upgradeModule(session: RegistrySession, name: string, range: string): Promise<UpgradeReport> {
  const { config, verified, out } = session;
  out.say(describeIndex(verified));
  const { have, installed } = await installedTarget(session, name);
  const entry = pickVersion(verified.index, name, range, null);
  const to = entry.manifest.version;
  if (!semver.gt(to, have.version)) {
    out.say(`${name} ${have.version} is up to date (newest in the registry${range === '*' ? '' : ` in ${range}`}: ${to})`);
    return { name, from: have.version };
  }
  const unmet = unmetDependents(installed, name, to);
  if (unmet.length > 0) throw new BlvmError('conflict', `dependency conflict: ${unmet.join('; ')}, which ${name} ${to} does not satisfy (upgrade those first)`);
  const others = new Map(installed);
  others.delete(name);
  const resolver = new Resolver(verified.index, others);
  resolver.add(entry, range, null);
  const deps = resolver.steps.slice(0, -1);
  for (const step of deps) await checkFree(config.modules.modules_dir, step.name);
  out.say(`upgrading ${name} ${have.version} -> ${to}${deps.length ? `, installing ${deps.map((d) => `${d.name} ${d.version}`).join(', ')} first` : ''}`);
  const staging = await stageAll(session, resolver.steps);
  try {
    const rollbackFile = rollbackStatePath(config);
    const previousAccepted = await (await JsonRollbackState.open(rollbackFile)).highestAccepted(name);
    const depDirs = await moveIntoPlace(staging.modules.slice(0, -1), config.modules.modules_dir);
    depDirs.forEach((dir, i) => out.say(`installed ${deps[i].name} ${deps[i].version} in ${dir}`));
    const link = await NodeLink.connect(config);
    if (link !== null && deps.length > 0) await hotLoad(link, deps.map((d) => d.name), out.say);
    const staged = staging.modules[staging.modules.length - 1].dir;
    const result = await switchVersion({ config, link, name, dir: have.dir, staged, from: have.version, to, previousAccepted, rollbackFile });
    out.say(result.message);
    return { name, from: have.version, to, phase: result.phase };
  } finally {
    await staging.discard();
  }
}
