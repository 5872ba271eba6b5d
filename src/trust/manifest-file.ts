// Writes a new module.toml in place of the old one atomically (same mode), so a reader never
// sees half a manifest.
import { randomBytes } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';

export async function replaceManifestFile(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, { mode: (await stat(file)).mode & 0o777 });
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
}
