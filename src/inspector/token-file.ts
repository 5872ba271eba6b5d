// The actions token: random per daemon run, kept in <data_dir>/inspector.token (0600) so the
// operator (and `blvm inspect`) can find it; removed when the daemon stops.
import { createHash, timingSafeEqual } from 'node:crypto';
import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nanoid } from 'nanoid';

export const TOKEN_FILE = 'inspector.token';

export function tokenFilePath(dataDir: string): string {
  return join(dataDir, TOKEN_FILE);
}

/** Writes a fresh token (via a private temp file, so it is never readable by others) and returns it. */
export async function writeTokenFile(dataDir: string): Promise<{ token: string; file: string }> {
  const token = nanoid(32);
  const file = tokenFilePath(dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, token + '\n', { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, file);
  return { token, file };
}

export async function removeTokenFile(file: string): Promise<void> {
  await rm(file, { force: true });
}

/** Constant-time comparison of a presented token with the expected one. */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (typeof presented !== 'string' || presented === '') return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
