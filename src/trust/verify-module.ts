// Verifies one module directory: manifest, compatibility, integrity, signatures,
// capability policy and rollback. Never throws for a bad module; every problem is reported.
import type { NodeConfig } from '../config/types.js';
import { errorText, isBlvmError } from '../errors.js';
import { checkCompatibility } from '../manifest/compatibility.js';
import { loadManifest } from '../manifest/load-manifest.js';
import type { LoadedManifest, Manifest } from '../manifest/types.js';
import { checkCapabilityPolicy, moduleCapabilitiesRequested, type CapabilityProviders, type CapabilityReport } from './capability-policy.js';
import { discoverCapabilityProviders } from './capability-providers.js';
import { checkIntegrity } from './integrity.js';
import { checkRollback, type RollbackReport } from './rollback.js';
import { JsonRollbackState, rollbackStatePath, type RollbackState } from './rollback-state.js';
import type { SignatureCache } from './signature-cache.js';
import { requiredSignatures, verifySignatures, type SignatureReport } from './signatures.js';

export interface VerificationReport {
  ok: boolean;
  /** The module directory (its real path once the manifest was found). */
  dir: string;
  name?: string;
  version?: string;
  manifest?: Manifest;
  /** Every problem of every check; empty exactly when ok. */
  problems: string[];
  integrity: { ok: boolean; checked: boolean; problems: string[] };
  /** `unsigned_allowed`: node policy lets this module load without enough signatures. */
  signatures: SignatureReport & { unsigned_allowed: boolean; from_cache?: boolean };
  capabilities: CapabilityReport;
  compatibility: { ok: boolean; problems: string[] };
  rollback: RollbackReport & { checked: boolean };
}

export interface VerifyOptions {
  /** Defaults to the JSON state at <data_dir>/trust/versions.json. Only read, never written. */
  rollback?: RollbackState;
  now?: Date;
  /** Who provides module-defined capabilities; default: read from the modules dir when needed. */
  providers?: CapabilityProviders;
  /** Verdicts of earlier verifications of the same snapshot under the same keys and policy. */
  signatureCache?: SignatureCache;
}

/** The report of a module that could not even be read: nothing checked, every problem listed. */
export function failedReport(dir: string, config: NodeConfig, problems: string[]): VerificationReport {
  const required = config.security.signature_threshold.m;
  return {
    ok: false,
    dir,
    problems,
    integrity: { ok: false, checked: false, problems: [] },
    signatures: { ok: false, required, valid: [], rejected: [], problems: [], unsigned_allowed: false },
    capabilities: { granted: [], withheld: [], problems: [] },
    compatibility: { ok: false, problems: [] },
    rollback: { ok: false, checked: false, downgrade_allowed: false, problems: [] },
  };
}

async function integrityOf(loaded: LoadedManifest, unsignedAllowed: boolean): Promise<VerificationReport['integrity']> {
  if (loaded.manifest.binary !== undefined) {
    const problems = await checkIntegrity(loaded);
    return { ok: problems.length === 0, checked: true, problems };
  }
  if (unsignedAllowed) return { ok: true, checked: false, problems: [] };
  return { ok: false, checked: false, problems: ['[binary] is missing: integrity hashes are required when signatures are required (run `blvm module sign`)'] };
}

async function rollbackOf(manifest: Manifest, config: NodeConfig, state?: RollbackState): Promise<VerificationReport['rollback']> {
  try {
    const rollbackState = state ?? (await JsonRollbackState.open(rollbackStatePath(config)));
    return { ...(await checkRollback(rollbackState, manifest.name, manifest.version, config.security)), checked: true };
  } catch (error) {
    const allowed = config.security.allow_downgrade.includes(manifest.name);
    return { ok: false, checked: false, downgrade_allowed: allowed, problems: [`rollback state cannot be read: ${errorText(error)}`] };
  }
}

async function verifyLoaded(loaded: LoadedManifest, config: NodeConfig, opts: VerifyOptions): Promise<VerificationReport> {
  const { manifest } = loaded;
  const security = config.security;
  const unsignedAllowed = !security.require_signatures || security.allow_unsigned.includes(manifest.name);
  const compatibility = checkCompatibility(manifest);
  const integrity = await integrityOf(loaded, unsignedAllowed);
  const cached = await opts.signatureCache?.lookup(manifest);
  const checked = cached ?? verifySignatures(manifest, security, opts.now ?? new Date());
  if (cached === undefined) await opts.signatureCache?.store(manifest, checked);
  const signatureProblems = unsignedAllowed ? (checked.expired === undefined ? [] : [checked.expired]) : checked.problems;
  const signatures = { ...checked, ok: signatureProblems.length === 0, problems: signatureProblems, unsigned_allowed: unsignedAllowed, from_cache: cached !== undefined };
  const providers = moduleCapabilitiesRequested(manifest).length === 0 ? {} : (opts.providers ?? (await discoverCapabilityProviders(config.modules.modules_dir)));
  const capabilities = checkCapabilityPolicy(manifest, config, providers);
  const rollback = await rollbackOf(manifest, config, opts.rollback);
  const problems = [...compatibility.problems, ...integrity.problems, ...signatures.problems, ...capabilities.problems, ...rollback.problems];
  return {
    ok: problems.length === 0,
    dir: loaded.dir,
    name: manifest.name,
    version: manifest.version,
    manifest,
    problems,
    integrity,
    signatures,
    capabilities,
    compatibility,
    rollback,
  };
}

export async function verifyModule(dir: string, config: NodeConfig, opts: VerifyOptions = {}): Promise<VerificationReport> {
  let loaded: LoadedManifest;
  try {
    loaded = await loadManifest(dir);
  } catch (error) {
    const problems = isBlvmError(error) && error.details.length > 0 ? error.details : [errorText(error)];
    return failedReport(dir, config, problems);
  }
  try {
    return await verifyLoaded(loaded, config, opts);
  } catch (error) {
    const report = failedReport(loaded.dir, config, [`verification failed unexpectedly: ${errorText(error)}`]);
    report.signatures.required = requiredSignatures(loaded.manifest, config.security);
    return { ...report, name: loaded.manifest.name, version: loaded.manifest.version, manifest: loaded.manifest };
  }
}
