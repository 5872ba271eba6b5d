// Unpacks an untrusted module artifact (tar.gz) into a new directory, strictly: regular
// files and directories only, relative paths without "." or "..", no duplicates, bounded
// sizes. Anything that could land outside the target directory is an error naming it.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BlvmError } from '../errors.js';
import { isInside } from '../manifest/paths.js';
import { BLOCK, decodeHeader, isZeroBlock, type TarHeader } from './tar-format.js';
import { MODULE_CONFIG_FILE } from '../manifest/types.js';
import { RUNTIME_DATA_DIR } from './tar-pack.js';

export interface UnpackLimits {
  /** Largest total size of the unpacked tar stream. */
  maxBytes: number;
  maxEntries: number;
}

export const DEFAULT_UNPACK_LIMITS: UnpackLimits = { maxBytes: 512 * 1024 * 1024, maxEntries: 20_000 };

interface ParsedEntry {
  header: TarHeader;
  content: Buffer;
}

/** Why an archive path may not be unpacked, or undefined when it is a safe relative path. */
export function unsafePathReason(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.includes('\0')) return 'contains a NUL byte';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.startsWith('/')) return 'is an absolute path';
  const parts = path.split('/');
  if (parts.some((part) => part === '..')) return 'escapes the target directory';
  if (parts.some((part) => part === '' || part === '.')) return 'is not a normalised relative path';
  if (parts[0] === RUNTIME_DATA_DIR) return `is under ${RUNTIME_DATA_DIR}/, which holds a module's runtime data and is never shipped`;
  if (parts[0] === MODULE_CONFIG_FILE) {
    return `is a module configuration: an artifact never carries ${MODULE_CONFIG_FILE}, only the node's [modules.<name>] and a ${MODULE_CONFIG_FILE} the operator places locally configure a module`;
  }
  return undefined;
}

function gunzip(archive: Buffer, what: string, limits: UnpackLimits): Buffer {
  try {
    return gunzipSync(archive, { maxOutputLength: limits.maxBytes });
  } catch (error) {
    if (error instanceof RangeError) throw new BlvmError('integrity_failed', `${what}: unpacks to more than ${limits.maxBytes} bytes`);
    throw new BlvmError('integrity_failed', `${what}: not a valid gzip stream (${(error as Error).message})`, { cause: error });
  }
}

/** Every entry of a tar stream, checked; throws naming the first offending entry. */
export function parseTar(tar: Buffer, what: string, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): ParsedEntry[] {
  const entries: ParsedEntry[] = [];
  const seen = new Set<string>();
  let at = 0;
  for (;;) {
    if (at + BLOCK > tar.length) throw new BlvmError('integrity_failed', `${what}: truncated tar archive (no end-of-archive marker)`);
    const block = tar.subarray(at, at + BLOCK);
    if (isZeroBlock(block)) {
      if (!isZeroBlock(tar.subarray(at))) throw new BlvmError('integrity_failed', `${what}: data after the end-of-archive marker`);
      return entries;
    }
    const header = decodeHeader(block, at);
    const reason = unsafePathReason(header.path);
    if (reason !== undefined) throw new BlvmError('integrity_failed', `${what}: entry ${JSON.stringify(header.path)} ${reason}`);
    if (seen.has(header.path)) throw new BlvmError('integrity_failed', `${what}: entry ${header.path} appears twice`);
    seen.add(header.path);
    if (entries.length >= limits.maxEntries) throw new BlvmError('integrity_failed', `${what}: more than ${limits.maxEntries} entries`);
    const start = at + BLOCK;
    if (start + header.size > tar.length) throw new BlvmError('integrity_failed', `${what}: entry ${header.path} is truncated`);
    entries.push({ header, content: tar.subarray(start, start + header.size) });
    at = start + Math.ceil(header.size / BLOCK) * BLOCK;
  }
}

/** Unpacks `archive` into `target`, which must not exist yet; returns the relative paths written. */
export async function unpackArchive(archive: Buffer, target: string, what: string, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): Promise<string[]> {
  const entries = parseTar(gunzip(archive, what, limits), what, limits);
  const root = resolve(target);
  await mkdir(root, { mode: 0o755 });
  const written: string[] = [];
  for (const { header, content } of entries) {
    const dest = join(root, header.path);
    if (!isInside(root, dest) || dest === root) throw new BlvmError('integrity_failed', `${what}: entry ${header.path} escapes the target directory`);
    try {
      if (header.type === 'directory') {
        await mkdir(dest, { recursive: true, mode: 0o755 });
      } else {
        await mkdir(dirname(dest), { recursive: true, mode: 0o755 });
        const mode = (header.mode & 0o111) !== 0 ? 0o755 : 0o644;
        await writeFile(dest, content, { flag: 'wx', mode });
        await chmod(dest, mode);
        written.push(header.path);
      }
    } catch (error) {
      throw new BlvmError('integrity_failed', `${what}: cannot unpack entry ${header.path}: ${(error as Error).message}`, { cause: error });
    }
  }
  return written;
}
