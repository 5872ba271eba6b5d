// Reads <dir>/module.toml (refusing oversized files before parsing), checks its schema
// and the entry point on disk, and throws one error listing every problem.
import { constants, type Stats } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { decodeUtf8Strict, invalidUtf8Text } from '../config/strict-utf8.js';
import { BlvmError } from '../errors.js';
import { entryPointTextProblem } from './check-core.js';
import { checkEntryPoint } from './entry-point.js';
import { manifestError, validateManifestText } from './parse.js';
import { errnoCode } from './paths.js';
import { MANIFEST_FILE, MAX_MANIFEST_BYTES, type LoadedManifest } from './types.js';

async function resolveModuleDir(moduleDir: string): Promise<string> {
  try {
    return await realpath(resolve(moduleDir));
  } catch (error) {
    throw new BlvmError('not_found', `${moduleDir}: module directory does not exist`, { cause: error });
  }
}

const tooBig = (file: string, size: number): BlvmError =>
  new BlvmError('manifest_invalid', `${file}: ${size} bytes is over the ${MAX_MANIFEST_BYTES}-byte (64 KiB) manifest limit`);

// A FIFO or device named module.toml would block a plain open(); refuse it by its type first.
async function checkRegularFile(file: string): Promise<void> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') throw new BlvmError('not_found', `${file}: no module manifest found`, { cause: error });
    throw new BlvmError('io', `${file}: cannot be read: ${(error as Error).message}`, { cause: error });
  }
  if (!info.isFile()) throw new BlvmError('manifest_invalid', `${file}: is not a regular file (${fileKind(info)})`);
}

function fileKind(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isDirectory()) return 'a directory';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a file';
}

/**
 * The manifest text, read only when the file is a regular file within the size limit and
 * valid UTF-8. The open is non-blocking, so a FIFO swapped in after the type check cannot
 * hang the reader either (the fstat below refuses it).
 */
export async function readManifestText(file: string): Promise<string> {
  await checkRegularFile(file);
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') throw new BlvmError('not_found', `${file}: no module manifest found`, { cause: error });
    throw new BlvmError('io', `${file}: cannot be read: ${(error as Error).message}`, { cause: error });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new BlvmError('manifest_invalid', `${file}: is not a regular file (${fileKind(info)})`);
    if (info.size > MAX_MANIFEST_BYTES) throw tooBig(file, info.size);
    const buffer = Buffer.alloc(MAX_MANIFEST_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_MANIFEST_BYTES) throw tooBig(file, bytesRead);
    const decoded = decodeUtf8Strict(buffer.subarray(0, bytesRead));
    if ('invalid' in decoded) throw new BlvmError('manifest_invalid', `${file}: ${invalidUtf8Text(decoded.invalid)}`);
    return decoded.text;
  } finally {
    await handle.close();
  }
}

export async function loadManifest(moduleDir: string): Promise<LoadedManifest> {
  const dir = await resolveModuleDir(moduleDir);
  const file = join(dir, MANIFEST_FILE);
  const text = await readManifestText(file);
  const { raw, manifest, problems } = validateManifestText(text, file);
  let entryPath: string | undefined;
  const entry = raw?.entry_point;
  if (typeof entry === 'string' && entryPointTextProblem(entry) === undefined) {
    const check = await checkEntryPoint(dir, entry);
    if (check.ok) entryPath = check.entryPath;
    else problems.add(['entry_point'], check.problem);
  }
  if (manifest === undefined || entryPath === undefined || problems.count > 0) throw manifestError(file, problems.items);
  return { manifest, dir, file, text, entryPath };
}
