// The modules installed in the modules dir, by name: directory, version and dependencies.
// A directory whose manifest cannot be read still occupies its directory name.
import { basename, join } from 'node:path';
import type { NodeConfig } from '../config/types.js';
import { discoverModuleDirs } from '../deps/discover.js';
import { readManifestText } from '../manifest/load-manifest.js';
import { validateManifestText } from '../manifest/parse.js';
import { MANIFEST_FILE, NODE_DEPENDENCY } from '../manifest/types.js';

export interface InstalledModule {
  name: string;
  dir: string;
  /** null when the manifest cannot be read. */
  version: string | null;
  dependencies: Record<string, string>;
  optional: Record<string, string>;
}

const withoutNode = (deps: Record<string, string> | undefined): Record<string, string> => {
  const copy = { ...(deps ?? {}) };
  delete copy[NODE_DEPENDENCY];
  return copy;
};

async function describe(dir: string): Promise<InstalledModule> {
  const file = join(dir, MANIFEST_FILE);
  const manifest = await readManifestText(file)
    .then((text) => validateManifestText(text, file).manifest)
    .catch(() => undefined);
  if (manifest === undefined) return { name: basename(dir), dir, version: null, dependencies: {}, optional: {} };
  return {
    name: manifest.name,
    dir,
    version: manifest.version,
    dependencies: withoutNode(manifest.dependencies),
    optional: withoutNode(manifest.optional_dependencies),
  };
}

export async function listInstalled(config: Pick<NodeConfig, 'modules'>): Promise<Map<string, InstalledModule>> {
  const found = await Promise.all((await discoverModuleDirs(config.modules.modules_dir)).map(describe));
  return new Map(found.map((m) => [m.name, m]));
}

/** Installed modules that require `name` (optional dependencies do not count). */
export function dependentsOf(installed: Map<string, InstalledModule>, name: string): InstalledModule[] {
  return [...installed.values()].filter((m) => m.name !== name && Object.hasOwn(m.dependencies, name));
}
