// The verification cache: the verdict of the signature math for one verified snapshot, kept in
// <data_dir>/trust/signature-cache/ so a restart does not verify the same signatures again.
// An entry is keyed by the snapshot id (module.toml, entry point and tree hashes, recomputed from
// the copy being verified) and the whole [security] section (trusted keys and policy), so any
// change of either misses. A hit replaces only the signature check: every hash is still
// recomputed, and what runs is the snapshot those hashes name. Only passing verdicts are kept.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeConfig } from '../config/types.js';
import type { Manifest } from '../manifest/types.js';
import { readJsonFile, writeJsonAtomic } from '../process/json-file.js';
import { canonicalJson } from './canonical.js';
import { expiryProblem } from './expiry.js';
import { sha256Hex } from './hash.js';
import { requiredSignatures, type SignatureReport, type ValidSignature } from './signatures.js';

const FORMAT = 1;

export interface SignatureCache {
  /** The cached passing verdict for this manifest, or undefined (verify it). */
  lookup(manifest: Manifest): Promise<SignatureReport | undefined>;
  /** Remembers a passing verdict; anything else is ignored. */
  store(manifest: Manifest, report: SignatureReport): Promise<void>;
}

interface Entry {
  format: number;
  key: string;
  module: string;
  version: string;
  required: number;
  valid: ValidSignature[];
  rejected: SignatureReport['rejected'];
  verified_at: string;
}

export function signatureCacheDir(config: Pick<NodeConfig, 'node'>): string {
  return join(config.node.data_dir, 'trust', 'signature-cache');
}

/** The cache key: snapshot id, trusted key set (order-free) and every other [security] setting. */
export function signatureCacheKey(snapshotId: string, security: NodeConfig['security']): string {
  const keys = security.trusted_maintainers.map((k) => `${k.name} ${k.public_key.toLowerCase()}`).sort();
  return sha256Hex(`blvm-signature-cache/${FORMAT}\nsnapshot ${snapshotId}\nsecurity ${canonicalJson({ ...security, trusted_maintainers: keys })}\n`);
}

const fileOf = (dir: string, module: string, key: string): string => join(dir, `${module}.${key}.json`);

// An entry is used only when it is exactly what this manifest and policy would produce.
function usable(entry: Partial<Entry> | undefined, key: string, manifest: Manifest, security: NodeConfig['security']): entry is Entry {
  return (
    entry !== undefined &&
    entry.format === FORMAT &&
    entry.key === key &&
    entry.module === manifest.name &&
    entry.version === manifest.version &&
    entry.required === requiredSignatures(manifest, security) &&
    Array.isArray(entry.valid) &&
    Array.isArray(entry.rejected) &&
    new Set(entry.valid.map((v) => v.public_key)).size >= entry.required
  );
}

/** A cache for one verification, whose snapshot id comes from `snapshotIdOf` (the copy's hashes). */
export function snapshotSignatureCache(config: NodeConfig, snapshotIdOf: (manifest: Manifest) => Promise<string>, now: Date): SignatureCache {
  const dir = signatureCacheDir(config);
  const keyOf = async (manifest: Manifest) => signatureCacheKey(await snapshotIdOf(manifest), config.security);
  return {
    async lookup(manifest) {
      if (expiryProblem(manifest, now) !== undefined) return undefined;
      try {
        const key = await keyOf(manifest);
        const entry = (await readJsonFile(fileOf(dir, manifest.name, key))) as Partial<Entry> | undefined;
        if (!usable(entry, key, manifest, config.security)) return undefined;
        return { ok: true, required: entry.required, valid: entry.valid, rejected: entry.rejected, problems: [] };
      } catch {
        // An unreadable entry or unhashable copy is a miss: the signatures are simply verified.
        return undefined;
      }
    },
    async store(manifest, report) {
      if (!report.ok || report.expired !== undefined) return;
      try {
        const key = await keyOf(manifest);
        const file = fileOf(dir, manifest.name, key);
        const entry: Entry = { format: FORMAT, key, module: manifest.name, version: manifest.version, required: report.required, valid: report.valid, rejected: report.rejected, verified_at: now.toISOString() };
        await writeJsonAtomic(file, entry);
        const stale = (await readdir(dir)).filter((name) => name.startsWith(`${manifest.name}.`) && name.endsWith('.json') && join(dir, name) !== file);
        await Promise.all(stale.map((name) => rm(join(dir, name), { force: true })));
      } catch {
        // Not being able to remember a verdict only means verifying it again next time.
      }
    },
  };
}
