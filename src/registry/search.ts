// Looking modules up in a verified index: search by text, and everything about one module.
import semver from 'semver';
import type { Manifest } from '../manifest/types.js';
import { termsOf } from '../payment/terms.js';
import type { RegistryIndex, VersionEntry } from './index-types.js';
import { versionsOf } from './resolve.js';

export interface SearchHit {
  name: string;
  latest: string;
  description: string;
  versions: string[];
  /** Price of the latest version in sats; null when free. */
  price_sats: number | null;
}

function haystack(m: Manifest): string {
  return [m.name, m.description ?? '', m.author ?? '', ...(m.capabilities ?? [])].join('\n').toLowerCase();
}

/** Modules whose name, description, author or capabilities of the latest version contain `query`. */
export function searchIndex(index: RegistryIndex, query: string): SearchHit[] {
  const needle = query.toLowerCase();
  const hits: SearchHit[] = [];
  for (const name of Object.keys(index.signed.modules).sort()) {
    const versions = versionsOf(index, name);
    if (versions.length === 0) continue;
    const latest = versions[versions.length - 1];
    const manifest = index.signed.modules[name].versions[latest].manifest;
    if (haystack(manifest).includes(needle)) hits.push({ name, latest, description: manifest.description ?? '', versions, price_sats: termsOf(manifest)?.price_sats ?? null });
  }
  return hits;
}

export interface RemoteModule {
  name: string;
  latest: string;
  /** Oldest first. */
  versions: (VersionEntry & { version: string })[];
}

export function remoteModule(index: RegistryIndex, name: string): RemoteModule | undefined {
  const versions = versionsOf(index, name);
  if (versions.length === 0) return undefined;
  const entries = versions.map((version) => ({ version, ...index.signed.modules[name].versions[version] }));
  return { name, latest: versions.reduce((a, b) => (semver.gt(b, a) ? b : a)), versions: entries };
}
