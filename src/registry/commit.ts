// Moves verified, staged module directories into the modules dir with `rename` (atomic on
// one filesystem): each module appears whole or not at all. If one move fails, the ones
// already made are moved back, so a multi-module install is all or nothing.
import { mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BlvmError } from '../errors.js';
import type { StagedModule } from './staging.js';

export function installDir(modulesDir: string, name: string): string {
  return join(modulesDir, name);
}

/** Refuses when anything already occupies a module's target directory. */
export async function checkFree(modulesDir: string, name: string): Promise<void> {
  const target = installDir(modulesDir, name);
  if (await stat(target).catch(() => null)) {
    throw new BlvmError('conflict', `${target} already exists and does not hold an installed ${name}; move it away first`);
  }
}

/** Renames every staged module into place (in order); returns their new directories. */
export async function moveIntoPlace(staged: StagedModule[], modulesDir: string): Promise<string[]> {
  await mkdir(modulesDir, { recursive: true });
  const done: { from: string; to: string }[] = [];
  try {
    for (const module of staged) {
      const to = installDir(modulesDir, module.step.name);
      await checkFree(modulesDir, module.step.name);
      await rename(module.dir, to);
      done.push({ from: module.dir, to });
    }
  } catch (error) {
    for (const { from, to } of done.reverse()) await rename(to, from).catch(() => undefined);
    throw error;
  }
  return done.map((d) => d.to);
}
