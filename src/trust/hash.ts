// sha256 helpers shared by the integrity checks and the canonical manifest form.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export const HASH_PREFIX = 'sha256:';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Streams a file through sha256; returns the hex digest and the number of bytes hashed. */
export async function hashFileWithSize(path: string): Promise<{ hex: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    hash.update(bytes);
  }
  return { hex: hash.digest('hex'), size };
}

/** "sha256:<hex>" of a file's content. */
export async function hashFile(path: string): Promise<string> {
  return HASH_PREFIX + (await hashFileWithSize(path)).hex;
}

/** "sha256:0123456789ab…" for messages. */
export function shortHash(hash: string): string {
  return hash.length > HASH_PREFIX.length + 12 ? `${hash.slice(0, HASH_PREFIX.length + 12)}…` : hash;
}
