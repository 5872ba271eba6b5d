// Packs a module directory into a deterministic tar.gz: sorted paths, zero owner and time,
// mode 0755 or 0644. Symlinks inside the module are stored as what they point to (as the
// tree hash sees them); a symlink leaving the module is an error. The root data/ directory
// (the module's runtime data) and config.toml (the operator's local configuration) are
// never packed.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BlvmError } from '../errors.js';
import { isInside } from '../manifest/paths.js';
import { MODULE_CONFIG_FILE } from '../manifest/types.js';
import { BLOCK, encodeHeader, type TarHeader } from './tar-format.js';

export const RUNTIME_DATA_DIR = 'data';
/** Root entries of an installed module that belong to this node, never to an artifact. */
export const LOCAL_ONLY_ENTRIES: readonly string[] = [RUNTIME_DATA_DIR, MODULE_CONFIG_FILE];

interface PackEntry {
  header: TarHeader;
  source?: string;
}

const byUtf8 = (a: PackEntry, b: PackEntry): number => Buffer.compare(Buffer.from(a.header.path), Buffer.from(b.header.path));

async function collect(root: string, abs: string, rel: string, ancestors: Set<string>, out: PackEntry[]): Promise<void> {
  for (const item of await readdir(abs, { withFileTypes: true })) {
    const relPath = rel === '' ? item.name : `${rel}/${item.name}`;
    if (rel === '' && LOCAL_ONLY_ENTRIES.includes(item.name)) continue;
    let target = join(abs, item.name);
    if (item.isSymbolicLink()) {
      target = await realpath(target).catch((error: unknown) => {
        throw new BlvmError('integrity_failed', `symlink ${relPath} points to a file that does not exist`, { cause: error });
      });
      if (!isInside(root, target)) throw new BlvmError('integrity_failed', `symlink ${relPath} -> ${target} resolves outside the module directory`);
    } else if (!item.isDirectory() && !item.isFile()) {
      throw new BlvmError('integrity_failed', `${relPath}: only regular files and directories can be packed`);
    }
    const info = await stat(target);
    if (info.isDirectory()) {
      if (ancestors.has(target)) throw new BlvmError('integrity_failed', `symlink ${relPath} forms a loop`);
      out.push({ header: { path: relPath, type: 'directory', mode: 0o755, size: 0 } });
      await collect(root, target, relPath, new Set([...ancestors, target]), out);
    } else if (info.isFile()) {
      const mode = (info.mode & 0o111) !== 0 ? 0o755 : 0o644;
      out.push({ header: { path: relPath, type: 'file', mode, size: info.size }, source: target });
    }
  }
}

/** The tar.gz bytes of a module directory. */
export async function packModuleDir(dir: string): Promise<Buffer> {
  const root = await realpath(dir);
  const entries: PackEntry[] = [];
  await collect(root, root, '', new Set([root]), entries);
  entries.sort(byUtf8);
  const parts: Buffer[] = [];
  for (const entry of entries) {
    if (entry.source === undefined) {
      parts.push(encodeHeader(entry.header));
      continue;
    }
    const content = await readFile(entry.source);
    parts.push(encodeHeader({ ...entry.header, size: content.length }), content);
    const pad = (BLOCK - (content.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}
