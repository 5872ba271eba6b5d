// Verification that produces what runs: the module tree is copied into a daemon-private staging
// dir, THE COPY is verified (manifest, hashes, signatures, policy, rollback), sealed read-only and
// moved to its content address. The snapshot id, computed before the signature check, keys the
// verification cache (signature-cache.ts). No code or manifest byte of the module directory is read after the copy, so a
// change made during or after verification can never reach a spawned process.
import { join, posix } from 'node:path';
import type { NodeConfig } from '../config/types.js';
import { errorText, isBlvmError } from '../errors.js';
import { copyModuleTree } from './snapshot-copy.js';
import type { Manifest } from '../manifest/types.js';
import { snapshotSignatureCache } from './signature-cache.js';
import { snapshotContent, type SnapshotContent } from './snapshot-id.js';
import { removeTree, sealReadOnly } from './snapshot-seal.js';
import type { SnapshotStore } from './snapshot-store.js';
import type { VerifiedSnapshot } from './snapshot-types.js';
import { failedReport, verifyModule, type VerificationReport, type VerifyOptions } from './verify-module.js';

export interface SnapshotVerification {
  report: VerificationReport;
  /** Present exactly when the report is ok. */
  snapshot: VerifiedSnapshot | null;
}

// Problems name the module directory the operator knows, not the private staging copy.
function fromStaging(report: VerificationReport, staging: string, source: string): VerificationReport {
  const fix = (items: string[]) => items.map((p) => p.split(staging).join(source));
  return {
    ...report,
    dir: source,
    problems: fix(report.problems),
    integrity: { ...report.integrity, problems: fix(report.integrity.problems) },
  };
}

export async function verifySnapshot(
  module: string,
  source: string,
  config: NodeConfig,
  store: SnapshotStore,
  opts: VerifyOptions = {},
): Promise<SnapshotVerification> {
  const staging = await store.staging();
  try {
    try {
      await copyModuleTree(source, staging);
    } catch (error) {
      const problems = isBlvmError(error) && error.details.length > 0 ? error.details : [errorText(error)];
      return { report: failedReport(source, config, problems.map((p) => `${source}: ${p}`)), snapshot: null };
    }
    let hashed: Promise<SnapshotContent> | undefined;
    const contentOf = (manifest: Manifest) => (hashed ??= snapshotContent(staging, manifest));
    const signatureCache = config.security.signature_cache ? snapshotSignatureCache(config, async (m) => (await contentOf(m)).id, opts.now ?? new Date()) : undefined;
    const report = fromStaging(await verifyModule(staging, config, { signatureCache, ...opts }), staging, source);
    if (!report.ok || report.manifest === undefined) return { report, snapshot: null };
    const manifest = report.manifest;
    const content = await contentOf(manifest);
    await sealReadOnly(staging);
    const dir = await store.place(module, staging, content.id, content.manifestHash, manifest.entry_point);
    const snapshot: VerifiedSnapshot = {
      id: content.id,
      dir,
      treeHash: content.treeHash,
      manifestHash: content.manifestHash,
      entryPath: join(dir, posix.normalize(manifest.entry_point)),
      version: manifest.version,
      capabilities: report.capabilities.granted,
      provides: manifest.provides_capabilities ?? [],
    };
    return { report, snapshot };
  } finally {
    await removeTree(staging);
  }
}
