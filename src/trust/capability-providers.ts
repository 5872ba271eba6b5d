// Which installed modules provide which capabilities: read from every valid module.toml in the
// modules dir. Only asked for when a manifest requests a capability the node does not know.
import { join } from 'node:path';
import { discoverModuleDirs } from '../deps/discover.js';
import { readManifestText } from '../manifest/load-manifest.js';
import { validateManifestText } from '../manifest/parse.js';
import { MANIFEST_FILE } from '../manifest/types.js';
import type { CapabilityProviders } from './capability-policy.js';

export async function discoverCapabilityProviders(modulesDir: string): Promise<CapabilityProviders> {
  const providers: CapabilityProviders = {};
  for (const dir of await discoverModuleDirs(modulesDir)) {
    const file = join(dir, MANIFEST_FILE);
    const manifest = await readManifestText(file).then(
      (text) => validateManifestText(text, file).manifest,
      () => undefined,
    );
    for (const capability of manifest?.provides_capabilities ?? []) (providers[capability] ??= []).push(manifest!.name);
  }
  return providers;
}
