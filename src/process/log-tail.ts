// Last lines of a module's rotating log read back from disk: the exit evidence once the
// process actor (and its in-memory tail) is gone, and the start of `blvm logs`. A log file that
// is a link or not a regular file is refused, never followed.
import path from 'node:path';
import { openRegular, READ_FLAGS } from './no-follow.js';

const CHUNK_BYTES = 256 * 1024;

/** Up to `n` last lines of `<dir>/<baseName>.log`, reaching into `.log.1` when the current file is short. */
export async function readLogTail(dir: string, baseName: string, n: number): Promise<string[]> {
  if (n <= 0) return [];
  const current = path.join(dir, `${baseName}.log`);
  let lines: string[] = [];
  for (const file of [current, `${current}.1`]) {
    lines = [...(await lastLines(file)), ...lines];
    if (lines.length >= n) break;
  }
  return lines.slice(-n);
}

async function lastLines(file: string): Promise<string[]> {
  let handle;
  try {
    handle = await openRegular(file, READ_FLAGS);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - CHUNK_BYTES);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    if (start > 0) lines.shift();
    return lines;
  } finally {
    await handle.close();
  }
}
