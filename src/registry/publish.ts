// `blvm registry publish MODULE_DIR --registry DIR --key FILE`: packs the module, stores the
// artifact under modules/<name>/, adds the version to the index and re-signs the index with
// a higher version and a fresh expiry. The artifact is written before the index.
import { lstat, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { BlvmError } from '../errors.js';
import { loadManifest } from '../manifest/load-manifest.js';
import { MODULE_CONFIG_FILE } from '../manifest/types.js';
import { sha256Hex } from '../trust/hash.js';
import { checkIntegrity } from '../trust/integrity.js';
import { publicKeyOf } from '../trust/keys.js';
import { signIndex } from './index-signature.js';
import { INDEX_FILE, INDEX_FORMAT, type RegistryIndex, type SignedIndex, type VersionEntry } from './index-types.js';
import { readLocalIndex, writeAtomically } from './local-index.js';
import { packModuleDir } from './tar-pack.js';
import { signatureEntries } from '../manifest/manifest-form.js';

export interface PublishOptions {
  moduleDir: string;
  registryDir: string;
  /** Registry private keys (64 hex chars each); every one signs the new index. */
  keys: string[];
  /** How long the new index stays valid. */
  expiresInMs: number;
  /** Sets the index's node_payment_code (kept from the previous index when absent). */
  nodePaymentCode?: string;
  now?: Date;
}

export interface PublishReport {
  name: string;
  version: string;
  artifact: string;
  sha256: string;
  size: number;
  indexVersion: number;
  expires: string;
  /** True when this exact artifact was already listed (the index was only re-signed). */
  republished: boolean;
  warnings: string[];
}

export const artifactPath = (name: string, version: string): string => `modules/${name}/${name}-${version.replace(/\+/g, '_')}.tar.gz`;

async function loadIntact(moduleDir: string) {
  const loaded = await loadManifest(moduleDir);
  const problems = await checkIntegrity(loaded);
  if (problems.length > 0) {
    throw new BlvmError('integrity_failed', `${loaded.dir}: the files do not match [binary] in module.toml; sign the module again (blvm module sign)`, { details: problems });
  }
  return loaded;
}

export async function publishModule(opts: PublishOptions): Promise<PublishReport> {
  if (opts.keys.length === 0) throw new BlvmError('usage', 'at least one registry key (--key FILE) is required');
  const loaded = await loadIntact(opts.moduleDir);
  const { name, version } = loaded.manifest;
  const registryDir = resolve(opts.registryDir);
  await mkdir(registryDir, { recursive: true });
  const current = await readLocalIndex(registryDir, opts.keys.map(publicKeyOf));
  const bytes = await packModuleDir(loaded.dir);
  const sha256 = sha256Hex(bytes);
  const artifact = artifactPath(name, version);
  const listed = current !== undefined && Object.hasOwn(current.signed.modules, name) ? current.signed.modules[name].versions : {};
  const existing = Object.hasOwn(listed, version) ? listed[version] : undefined;
  if (existing !== undefined && existing.sha256 !== sha256) {
    throw new BlvmError('conflict', `${name} ${version} is already published in ${registryDir} with other content (sha256 ${existing.sha256}); publish it under a new version`);
  }
  const now = opts.now ?? new Date();
  if (existing === undefined) {
    await mkdir(join(registryDir, dirname(artifact)), { recursive: true });
    await writeAtomically(join(registryDir, artifact), join(registryDir, dirname(artifact)), bytes);
  }
  const entry: VersionEntry = existing ?? { manifest: loaded.manifest, artifact, sha256, size: bytes.length, published: now.toISOString() };
  const modules = { ...(current?.signed.modules ?? {}) };
  modules[name] = { versions: { ...listed, [version]: entry } };
  const signed: SignedIndex = {
    version: (current?.signed.version ?? 0) + 1,
    expires: new Date(now.getTime() + opts.expiresInMs).toISOString(),
    modules,
    node_payment_code: opts.nodePaymentCode ?? current?.signed.node_payment_code,
  };
  const index: RegistryIndex = { format: INDEX_FORMAT, signed, signatures: opts.keys.map((key) => signIndex(signed, key)) };
  await writeAtomically(join(registryDir, INDEX_FILE), registryDir, JSON.stringify(index, null, 2) + '\n');
  const warnings = (current?.skipped ?? []).map((line) => `dropped from the new index: ${line}`);
  if (signatureEntries(loaded.manifest).length === 0) warnings.push(`${name} ${version} carries no maintainer signatures: nodes that require signatures will refuse it`);
  if (await lstat(join(loaded.dir, MODULE_CONFIG_FILE)).catch(() => null)) {
    warnings.push(`${join(loaded.dir, MODULE_CONFIG_FILE)} is local configuration and was not packed: nodes configure ${name} in [modules.${name}]`);
  }
  return { name, version, artifact, sha256, size: entry.size, indexVersion: signed.version, expires: signed.expires, republished: existing !== undefined, warnings };
}
