// Finds a module's directory by its manifest name under the node's modules dir (offline).
import type { NodeConfig } from '../config/types.js';
import { discoverModuleDirs } from '../deps/discover.js';
import { BlvmError } from '../errors.js';
import { loadManifest } from '../manifest/load-manifest.js';
import type { LoadedManifest } from '../manifest/types.js';

export async function findModule(config: NodeConfig, name: string): Promise<LoadedManifest> {
  const names: string[] = [];
  for (const dir of await discoverModuleDirs(config.modules.modules_dir)) {
    const loaded = await loadManifest(dir).catch(() => null);
    if (!loaded) continue;
    if (loaded.manifest.name === name) return loaded;
    names.push(loaded.manifest.name);
  }
  throw new BlvmError('not_found', `no module named "${name}" in ${config.modules.modules_dir} (found: ${names.sort().join(', ') || 'none'})`);
}
