// Whether a verified entry point is a Node script, so it can be run by this Node binary directly
// instead of through `#!/usr/bin/env node` (which searches PATH with one failed exec per entry
// before node, on every start).
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

const NODE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);
const NODE_SHEBANG = /^#!\s*\/usr\/bin\/env\s+node\s*$/;

function firstLine(file: string): string | null {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(128);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('latin1').split('\n')[0];
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** `#!/usr/bin/env node`, or a .js/.mjs/.cjs file without a shebang of its own. */
export function isNodeEntry(file: string): boolean {
  const line = firstLine(file);
  if (line === null) return false;
  if (line.startsWith('#!')) return NODE_SHEBANG.test(line.replace(/\r$/, ''));
  return NODE_EXTENSIONS.has(path.extname(file));
}

/** Every directory on the way to `file` and the file itself may be searched/executed by any uid. */
export function executableByAnyone(file: string): boolean {
  try {
    if ((statSync(file).mode & 0o001) === 0) return false;
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      if ((statSync(dir).mode & 0o001) === 0) return false;
      if (dir === path.dirname(dir)) return true;
    }
  } catch {
    return false;
  }
}
