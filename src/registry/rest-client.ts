// The client half of the REST API: every answer is compared with the view computed from the
// signed index the client verified itself, and refused when any field differs. A registry
// that does not serve the API (any static HTTP server) is answered from the index alone.
import { BlvmError, isBlvmError } from '../errors.js';
import type { VerifiedIndex } from './fetch-index.js';
import { getBytes } from './http-get.js';
import { MAX_INDEX_BYTES } from './index-types.js';
import { firstDifference } from './rest-check.js';
import { MAX_PER_PAGE, modulePath, moduleView, searchPage, searchPath, versionPath, versionView, type ModuleView, type VersionView } from './rest-views.js';
import type { SearchHit } from './search.js';

export interface RestOptions {
  deadlineMs: number;
  /** Told once when the registry does not serve the API. */
  warn: (line: string) => void;
}

// GET one API path and check it against `want`; undefined when the server has no such endpoint (404).
async function checked<T>(verified: VerifiedIndex, path: string, want: T, opts: RestOptions): Promise<T | undefined> {
  const url = new URL(path, verified.base);
  let body: unknown;
  try {
    body = JSON.parse((await getBytes(url, { maxBytes: MAX_INDEX_BYTES, deadlineMs: opts.deadlineMs })).toString('utf8'));
  } catch (error) {
    if (isBlvmError(error) && error.code === 'not_found') {
      opts.warn(`registry ${verified.base.href} does not serve the REST API (GET ${url.href}: 404); answering from its signed index`);
      return undefined;
    }
    if (error instanceof SyntaxError) throw new BlvmError('integrity_failed', `registry REST answer GET ${url.href} is not JSON: ${error.message}; refused`);
    throw error;
  }
  const difference = firstDifference(body, want);
  if (difference !== undefined) {
    throw new BlvmError(
      'integrity_failed',
      `registry REST answer GET ${url.href} disagrees with the signed index (version ${verified.index.signed.version}): ${difference}; refused`,
    );
  }
  return want;
}

/** Every search hit, page by page through `/v1/modules?q=`, each page checked. */
export async function restSearch(verified: VerifiedIndex, query: string, opts: RestOptions): Promise<SearchHit[]> {
  const pages = Array.from({ length: searchPage(verified.index, query, 1, MAX_PER_PAGE).pages }, (_, i) => searchPage(verified.index, query, i + 1, MAX_PER_PAGE));
  for (const page of pages) {
    if ((await checked(verified, searchPath(query, page.page, MAX_PER_PAGE), page, opts)) === undefined) break;
  }
  return pages.flatMap((page) => page.modules);
}

/** `/v1/modules/<name>` and `/v1/modules/<name>/<latest>`, both checked; undefined when the index lacks the module. */
export async function restModule(verified: VerifiedIndex, name: string, opts: RestOptions): Promise<{ module: ModuleView; latest: VersionView } | undefined> {
  const module = moduleView(verified.index, name);
  if (module === undefined) return undefined;
  const latest = versionView(verified.index, name, module.latest) as VersionView;
  if ((await checked(verified, modulePath(name), module, opts)) !== undefined) await checked(verified, versionPath(name, module.latest), latest, opts);
  return { module, latest };
}
