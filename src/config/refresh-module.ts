// `blvm module reload` re-reads blvm.toml: the module's [modules.<name>] table (config values,
// restart policy, limits, capabilities) is replaced by what the file says now.
import { readFile } from 'node:fs/promises';
import { BlvmError } from '../errors.js';
import { parseConfig } from './parse-config.js';
import type { NodeConfig } from './types.js';

/** Replaces `config.modules.overrides[name]` with the file's current table (none when it was removed). */
export async function refreshModuleOverride(config: NodeConfig, name: string): Promise<void> {
  if (config.file === '<defaults>') return;
  let text: string;
  try {
    text = await readFile(config.file, 'utf8');
  } catch (cause) {
    throw new BlvmError('io', `cannot re-read ${config.file} for module ${name}: ${(cause as Error).message}`, { cause });
  }
  const fresh = parseConfig(text, config.file);
  const override = fresh.modules.overrides[name];
  if (override === undefined) delete config.modules.overrides[name];
  else config.modules.overrides[name] = override;
}
