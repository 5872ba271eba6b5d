// The module tree hash: every regular file of the module directory except the entry
// point, module.toml, config.toml and data/, as sha256 over sorted `<path>\0<hex>\n` lines.
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { BlvmError } from '../errors.js';
import { isInside } from '../manifest/paths.js';
import { HASH_PREFIX, hashFileWithSize, sha256Hex } from './hash.js';

const EXCLUDED_FILES = new Set(['module.toml', 'config.toml']);
const EXCLUDED_DIR = 'data';

const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** One covered file: its relative posix path and the real (symlink-resolved) file it stands for. */
export interface TreeFile {
  path: string;
  source: string;
}

export interface WalkOptions {
  /** Throw on a FIFO, socket or device instead of skipping it (the snapshot copy refuses them). */
  refuseSpecial?: boolean;
}

/** The tree hash of a listing (relative posix path → "sha256:<hex>"). */
export function treeHashOf(files: Record<string, string>): string {
  const lines = Object.keys(files)
    .sort(byUtf8)
    .map((path) => `${path}\0${files[path].slice(HASH_PREFIX.length)}\n`);
  return HASH_PREFIX + sha256Hex(lines.join(''));
}

/** Every file the tree hash covers, sorted by path. Throws on a symlink leaving the module. */
export async function walkTreeFiles(dir: string, entryPoint: string, opts: WalkOptions = {}): Promise<TreeFile[]> {
  const root = await realpath(dir);
  const found: TreeFile[] = [];
  await walk({ root, entry: posix.normalize(entryPoint), refuseSpecial: opts.refuseSpecial === true, out: found }, root, '', new Set([root]));
  return found.sort((a, b) => byUtf8(a.path, b.path));
}

/** Every covered file with its hash, sorted by path. Throws on a symlink leaving the module. */
export async function listTreeFiles(dir: string, entryPoint: string): Promise<Record<string, string>> {
  const listing: Record<string, string> = {};
  for (const file of await walkTreeFiles(dir, entryPoint)) listing[file.path] = HASH_PREFIX + (await hashFileWithSize(file.source)).hex;
  return listing;
}

export async function computeTreeHash(dir: string, entryPoint: string): Promise<string> {
  return treeHashOf(await listTreeFiles(dir, entryPoint));
}

interface Walk {
  root: string;
  entry: string;
  refuseSpecial: boolean;
  out: TreeFile[];
}

// `ancestors` holds the real paths of the directories being walked, to stop symlink loops.
async function walk(w: Walk, abs: string, rel: string, ancestors: Set<string>): Promise<void> {
  const entries = await readdir(abs, { withFileTypes: true });
  for (const item of entries) {
    const relPath = rel === '' ? item.name : `${rel}/${item.name}`;
    if (relPath === w.entry || (rel === '' && EXCLUDED_FILES.has(item.name))) continue;
    if (rel === '' && item.name === EXCLUDED_DIR && (item.isDirectory() || item.isSymbolicLink())) continue;
    let target = join(abs, item.name);
    if (item.isSymbolicLink()) {
      try {
        target = await realpath(target);
      } catch (error) {
        throw new BlvmError('integrity_failed', `symlink ${relPath} points to a file that does not exist`, { cause: error });
      }
      if (!isInside(w.root, target)) throw new BlvmError('integrity_failed', `symlink ${relPath} -> ${target} resolves outside the module directory`);
    } else if (!item.isDirectory() && !item.isFile()) {
      if (w.refuseSpecial) throw specialFile(relPath);
      continue;
    }
    const info = await stat(target);
    if (info.isDirectory()) {
      const real = await realpath(target);
      if (ancestors.has(real)) throw new BlvmError('integrity_failed', `symlink ${relPath} forms a loop`);
      await walk(w, target, relPath, new Set([...ancestors, real]));
    } else if (info.isFile()) {
      w.out.push({ path: relPath, source: target });
    } else if (w.refuseSpecial) {
      throw specialFile(relPath);
    }
  }
}

function specialFile(relPath: string): BlvmError {
  return new BlvmError('integrity_failed', `${relPath} is not a regular file or directory (FIFO, socket or device): refused`);
}
