// The JSON bodies of the registry REST API (docs/registry.md section 7), computed from an
// index. The server answers with them; the client computes the same views from the index it
// verified and refuses any answer that differs.
import { declaredThreshold, signatureEntries } from '../manifest/manifest-form.js';
import { toHex } from '../trust/secp.js';
import type { ParsedIndex } from './index-parse.js';
import { remoteModule, searchIndex, type SearchHit } from './search.js';

export const API_VERSION = 1;
export const API_PREFIX = 'v1/modules';
export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

/** Which signed index an answer was computed from. */
export interface IndexRef {
  version: number;
  /** Hex SHA-256 of the signed part (what the registry keys signed). */
  digest: string;
}

export interface SearchPage {
  api: typeof API_VERSION;
  index: IndexRef;
  query: string;
  page: number;
  per_page: number;
  total: number;
  pages: number;
  modules: SearchHit[];
  /** Path and query of the next page, relative to the registry root; null on the last page. */
  next: string | null;
}

export interface ModuleView {
  api: typeof API_VERSION;
  index: IndexRef;
  name: string;
  latest: string;
  /** Oldest first. */
  versions: { version: string; sha256: string; size: number; published: string }[];
}

export interface Maintainer {
  name: string | null;
  public_key: string;
  signature: string;
}

export interface VersionView {
  api: typeof API_VERSION;
  index: IndexRef;
  name: string;
  version: string;
  published: string;
  /** module.toml as parsed, signatures included. */
  manifest: ParsedIndex['signed']['modules'][string]['versions'][string]['manifest'];
  /** The manifest's own threshold ("2-of-3"), if it sets one. */
  threshold: string | null;
  maintainers: Maintainer[];
  artifact: { path: string; download: string; sha256: string; size: number };
}

export interface ApiError {
  api: typeof API_VERSION;
  error: { status: number; code: string; message: string };
}

export const indexRef = (index: ParsedIndex): IndexRef => ({ version: index.signed.version, digest: toHex(index.digest) });

const segment = (value: string): string => encodeURIComponent(value);
export const modulePath = (name: string): string => `${API_PREFIX}/${segment(name)}`;
export const versionPath = (name: string, version: string): string => `${modulePath(name)}/${segment(version)}`;
export const artifactPath = (name: string, version: string): string => `${versionPath(name, version)}/artifact`;
export const searchPath = (query: string, page: number, perPage: number): string =>
  `${API_PREFIX}?${new URLSearchParams({ q: query, page: String(page), per_page: String(perPage) }).toString()}`;

export function searchPage(index: ParsedIndex, query: string, page: number, perPage: number): SearchPage {
  const hits = searchIndex(index, query);
  const pages = Math.max(1, Math.ceil(hits.length / perPage));
  return {
    api: API_VERSION,
    index: indexRef(index),
    query,
    page,
    per_page: perPage,
    total: hits.length,
    pages,
    modules: hits.slice((page - 1) * perPage, page * perPage),
    next: page < pages ? searchPath(query, page + 1, perPage) : null,
  };
}

export function moduleView(index: ParsedIndex, name: string): ModuleView | undefined {
  const found = remoteModule(index, name);
  if (found === undefined) return undefined;
  const versions = found.versions.map(({ version, sha256, size, published }) => ({ version, sha256, size, published }));
  return { api: API_VERSION, index: indexRef(index), name, latest: found.latest, versions };
}

export function versionView(index: ParsedIndex, name: string, version: string): VersionView | undefined {
  if (!Object.hasOwn(index.signed.modules, name) || !Object.hasOwn(index.signed.modules[name].versions, version)) return undefined;
  const entry = index.signed.modules[name].versions[version];
  return {
    api: API_VERSION,
    index: indexRef(index),
    name,
    version,
    published: entry.published,
    manifest: entry.manifest,
    threshold: declaredThreshold(entry.manifest) ?? null,
    maintainers: signatureEntries(entry.manifest).map((s) => ({ name: s.name ?? null, public_key: s.public_key, signature: s.signature })),
    artifact: { path: entry.artifact, download: artifactPath(name, version), sha256: entry.sha256, size: entry.size },
  };
}
