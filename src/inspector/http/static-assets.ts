// The page's files: HTML, CSS and icon from src/inspector/static/, the page scripts compiled
// from src/inspector/page/ into dist/. Only plain file names of known types are served.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../version.js';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  js: 'text/javascript; charset=utf-8',
};

const STATIC_NAME = /^[a-z0-9-]+\.(html|css|svg)$/;
const SCRIPT_NAME = /^[a-z0-9-]+\.js$/;

export interface AssetDirs {
  staticDir: string;
  scriptDir: string;
}

export const DEFAULT_ASSET_DIRS: AssetDirs = {
  staticDir: join(PACKAGE_ROOT, 'src', 'inspector', 'static'),
  scriptDir: join(PACKAGE_ROOT, 'dist', 'src', 'inspector', 'page'),
};

export interface Asset {
  type: string;
  body: Buffer;
}

/** The asset for a URL path (`/`, `/static/<file>`, `/page/<file>.js`), or null when there is none. */
export async function loadAsset(path: string, dirs: AssetDirs = DEFAULT_ASSET_DIRS): Promise<Asset | null> {
  const file = assetFile(path, dirs);
  if (!file) return null;
  const body = await readFile(file).catch(() => null);
  if (!body) return null;
  return { type: TYPES[file.slice(file.lastIndexOf('.') + 1)], body };
}

function assetFile(path: string, dirs: AssetDirs): string | null {
  if (path === '/' || path === '/index.html') return join(dirs.staticDir, 'index.html');
  if (path === '/favicon.ico') return join(dirs.staticDir, 'favicon.svg');
  const [, area, name, ...rest] = path.split('/');
  if (rest.length > 0 || name === undefined) return null;
  if (area === 'static' && STATIC_NAME.test(name)) return join(dirs.staticDir, name);
  if (area === 'page' && SCRIPT_NAME.test(name)) return join(dirs.scriptDir, name);
  return null;
}
