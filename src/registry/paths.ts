// Where the registry client keeps its files, and where installs stage module directories.
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { NodeConfig } from '../config/types.js';
import { BlvmError } from '../errors.js';

export function registryStatePath(config: Pick<NodeConfig, 'node'>): string {
  return join(config.node.data_dir, 'registry', 'state.json');
}

export function registryCacheDir(config: Pick<NodeConfig, 'node'>): string {
  return join(config.node.data_dir, 'registry', 'cache');
}

/**
 * A fresh path next to the modules dir (same filesystem, so `rename` into place is atomic),
 * hidden so that nothing mistakes it for a module: `<parent>/.blvm-<purpose>-<random>`.
 */
export function scratchPath(config: Pick<NodeConfig, 'modules'>, purpose: string): string {
  return join(dirname(config.modules.modules_dir), `.blvm-${purpose}-${randomBytes(6).toString('hex')}`);
}

/** The registry base URL with a trailing slash, or a clear error when none is configured. */
export function registryBaseUrl(config: Pick<NodeConfig, 'registry' | 'file'>): URL {
  if (config.registry.url === '') {
    throw new BlvmError('config_invalid', `no module registry is configured: set [registry] url (and trusted_keys) in ${config.file}`);
  }
  const url = new URL(config.registry.url);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}
