// The REST API half of `blvm registry serve`: answers `/v1/modules…` from the index.json of
// the served directory, read afresh for every request so a publish shows at once. The server
// holds no key and vouches for nothing: clients check every answer against the signed index.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorText } from '../errors.js';
import { parseIndex, type ParsedIndex } from './index-parse.js';
import { INDEX_FILE, MAX_INDEX_BYTES } from './index-types.js';
import { API_PREFIX, API_VERSION, DEFAULT_PER_PAGE, MAX_PER_PAGE, moduleView, searchPage, versionView, type ApiError } from './rest-views.js';

export type ApiAnswer = { kind: 'json'; status: number; body: unknown } | { kind: 'artifact'; path: string; sha256: string; size: number };

const apiError = (status: number, code: string, message: string): ApiAnswer => ({
  kind: 'json',
  status,
  body: { api: API_VERSION, error: { status, code, message } } satisfies ApiError,
});

const QUERY_PARAMS = new Set(['q', 'page', 'per_page']);

// A positive integer query parameter, or the message saying why it is not one.
function intParam(params: URLSearchParams, name: string, fallback: number, max: number): number | string {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^[0-9]{1,9}$/.test(raw) || value < 1 || value > max) return `query parameter ${name}=${JSON.stringify(raw)}: expected an integer from 1 to ${max}`;
  return value;
}

function search(index: ParsedIndex, params: URLSearchParams): ApiAnswer {
  const unknown = [...params.keys()].find((key) => !QUERY_PARAMS.has(key));
  if (unknown !== undefined) return apiError(400, 'bad_request', `unknown query parameter ${JSON.stringify(unknown)} (known: q, page, per_page)`);
  const perPage = intParam(params, 'per_page', DEFAULT_PER_PAGE, MAX_PER_PAGE);
  const page = intParam(params, 'page', 1, 1_000_000_000);
  if (typeof perPage === 'string') return apiError(400, 'bad_request', perPage);
  if (typeof page === 'string') return apiError(400, 'bad_request', page);
  const answer = searchPage(index, params.get('q') ?? '', page, perPage);
  if (page > answer.pages) return apiError(404, 'not_found', `page ${page} does not exist: the query has ${answer.pages} page(s) of ${perPage}`);
  return { kind: 'json', status: 200, body: answer };
}

function lookup(index: ParsedIndex, parts: string[]): ApiAnswer {
  const [name, version, tail] = parts;
  const module = moduleView(index, name);
  if (module === undefined) return apiError(404, 'not_found', `no module named ${JSON.stringify(name)} in this registry`);
  if (version === undefined) return { kind: 'json', status: 200, body: module };
  const view = versionView(index, name, version);
  if (view === undefined) return apiError(404, 'not_found', `module ${name} has no version ${JSON.stringify(version)} (versions: ${module.versions.map((v) => v.version).join(', ')})`);
  if (tail === undefined) return { kind: 'json', status: 200, body: view };
  return { kind: 'artifact', path: view.artifact.path, sha256: view.artifact.sha256, size: view.artifact.size };
}

/** The answer to one API request (`pathname` under `/v1/`), computed from the served index. */
export async function answerApi(root: string, pathname: string, params: URLSearchParams): Promise<ApiAnswer> {
  let parts: string[];
  try {
    parts = pathname.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
  } catch {
    return apiError(400, 'bad_request', `${pathname}: not a valid URL path`);
  }
  const known = parts.slice(0, 2).join('/') === API_PREFIX && parts.length <= 5 && (parts.length < 5 || parts[4] === 'artifact');
  if (!known) {
    return apiError(404, 'not_found', `${pathname}: no such API path (GET /v1/modules?q=, /v1/modules/NAME, /v1/modules/NAME/VERSION, /v1/modules/NAME/VERSION/artifact)`);
  }
  let index: ParsedIndex;
  try {
    const text = await readFile(join(root, INDEX_FILE), 'utf8');
    if (text.length > MAX_INDEX_BYTES) throw new Error(`larger than ${MAX_INDEX_BYTES} bytes`);
    index = parseIndex(text, INDEX_FILE);
  } catch (error) {
    return apiError(503, 'index_unavailable', `the registry has no usable ${INDEX_FILE}: ${errorText(error)}`);
  }
  return parts.length === 2 ? search(index, params) : lookup(index, parts.slice(2));
}
