// Finds module directories: every `<modules_dir>/<dir>/module.toml`.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BlvmError } from '../errors.js';

export async function discoverModuleDirs(modulesDir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(modulesDir);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new BlvmError('io', `cannot read modules directory ${modulesDir}`, { cause });
  }
  const dirs: string[] = [];
  for (const entry of entries.sort()) {
    const dir = join(modulesDir, entry);
    const manifest = await stat(join(dir, 'module.toml')).catch(() => null);
    if (manifest?.isFile()) dirs.push(dir);
  }
  return dirs;
}
