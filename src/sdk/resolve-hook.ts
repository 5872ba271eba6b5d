// Module-resolution hook preloaded into Node modules the node spawns: `blvm` and `blvm/*`
// resolve to this package wherever the module is installed (its dir is rarely inside it).
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../version.js';

const PACKAGE_JSON = pathToFileURL(join(PACKAGE_ROOT, 'package.json')).href;

type NextResolve = (specifier: string, context: { parentURL?: string; conditions?: string[] }) => Promise<unknown>;

export async function resolve(specifier: string, context: { parentURL?: string; conditions?: string[] }, next: NextResolve): Promise<unknown> {
  if (specifier === 'blvm' || specifier.startsWith('blvm/')) return next(specifier, { ...context, parentURL: PACKAGE_JSON });
  return next(specifier, context);
}
