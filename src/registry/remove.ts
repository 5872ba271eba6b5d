// `blvm module remove NAME [--force]`: stops the module in the running node, then removes
// its directory (renamed away first, so it disappears at once). Refuses while an installed
// module requires it, unless forced.
import { rename, rm } from 'node:fs/promises';
import type { NodeConfig } from '../config/types.js';
import { BlvmError } from '../errors.js';
import { dependentsOf, listInstalled } from './installed.js';
import { NodeLink } from './node-link.js';
import { scratchPath } from './paths.js';

export interface RemoveReport {
  name: string;
  version: string | null;
  dir: string;
  /** Installed modules that required it (only non-empty with force). */
  dependents: string[];
  stoppedInNode: boolean;
}

export async function removeModule(config: NodeConfig, name: string, opts: { force?: boolean } = {}): Promise<RemoveReport> {
  const installed = await listInstalled(config);
  const have = installed.get(name);
  if (have === undefined) throw new BlvmError('not_found', `${name} is not installed in ${config.modules.modules_dir}`);
  const dependents = dependentsOf(installed, name).map((m) => m.name);
  if (dependents.length > 0 && opts.force !== true) {
    throw new BlvmError('conflict', `${name} is required by ${dependents.join(', ')}: remove ${dependents.length === 1 ? 'it' : 'them'} first, or pass --force`);
  }
  const link = await NodeLink.connect(config);
  if (link !== null) await link.stopIfRunning(name);
  const trash = scratchPath(config, `removed-${name}`);
  await rename(have.dir, trash);
  await rm(trash, { recursive: true, force: true });
  return { name, version: have.version, dir: have.dir, dependents, stoppedInNode: link !== null };
}
