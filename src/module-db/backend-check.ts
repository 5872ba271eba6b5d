// The daemon's checks before a module starts: its effective database_backend is one the SDK
// supports, and its db/ holds no data of another backend (that data would silently vanish).
import { BlvmError } from '../errors.js';
import type { MergedConfig } from '../module-config/merge-config.js';
import { describeSource } from '../module-config/validate-config.js';
import { parseBackend, storesInDbDir, type ModuleDatabaseBackend } from './backends.js';

/** The backend of the merged config: config.toml < [modules.<name>] < inherited [node]. */
export function effectiveBackend(module: string, merged: MergedConfig): ModuleDatabaseBackend {
  const source = merged.sources.database_backend ?? 'inherited';
  return parseBackend(merged.values.database_backend, `module ${module}: database_backend (from ${describeSource(source, module)})`);
}

/** Refuses a start on `backend` while db/ keeps stores of another backend, saying how to migrate. */
export async function assertNoOtherBackendData(dbDir: string, backend: ModuleDatabaseBackend, module: string): Promise<void> {
  const others = [...(await storesInDbDir(dbDir)).entries()].filter(([b]) => b !== backend);
  if (others.length === 0) return;
  const held = others.map(([b, stores]) => `${b} (${stores.join(', ')})`).join(' and ');
  throw new BlvmError(
    'config_invalid',
    `module ${module}: database_backend is "${backend}" but ${dbDir} holds data of ${held}; ` +
      `with the module stopped, run \`blvm module db migrate ${module} --to ${backend}\` to copy it, ` +
      `or set database_backend back to "${others[0][0]}"`,
  );
}
