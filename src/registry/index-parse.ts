// Strict structural check of a downloaded index.json before anything in it is used. The
// module manifests are only checked as far as resolution needs them: the artifact's own
// module.toml is verified in full (verifyModule) after unpacking. A malformed module or
// version entry is set aside with a warning (the rest of the index stays usable for every
// client); a malformed index as a whole is refused.
import semver from 'semver';
import { BlvmError, errorText } from '../errors.js';
import { MODULE_NAME_PATTERN } from '../manifest/types.js';
import { versionProblem } from '../manifest/version.js';
import { paymentCodeProblem } from '../payment/bip47/payment-code.js';
import { indexDigest } from './index-signature.js';
import { INDEX_FORMAT, type RegistryIndex, type SignedIndex, type VersionEntry } from './index-types.js';

/** An index as parsed: only its usable entries, and the digest of what was signed. */
export interface ParsedIndex extends RegistryIndex {
  /** Digest of `signed` exactly as received, before unusable entries were set aside. */
  digest: Uint8Array;
  /** One line per module or version entry set aside as unusable. */
  skipped: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const ARTIFACT_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

function fail(source: string, path: string, message: string): never {
  throw new BlvmError('integrity_failed', `registry index ${source}: ${path}: ${message}`);
}

/** Why a relative artifact path is unusable, or undefined. */
export function artifactPathProblem(path: string): string | undefined {
  if (!ARTIFACT_PATH.test(path)) return `${JSON.stringify(path)} is not a relative path of [A-Za-z0-9._-] segments`;
  if (path.split('/').some((part) => part === '.' || part === '..' || part.startsWith('.'))) {
    return `${JSON.stringify(path)} has a "." or ".." segment or a hidden name`;
  }
  return undefined;
}

function checkEntry(source: string, at: string, name: string, version: string, entry: unknown): asserts entry is VersionEntry {
  if (!isObject(entry)) fail(source, at, 'expected an object');
  const m = entry.manifest;
  if (!isObject(m)) fail(source, `${at}.manifest`, 'expected an object');
  if (m.name !== name) fail(source, `${at}.manifest.name`, `${JSON.stringify(m.name)} differs from the module name ${JSON.stringify(name)}`);
  if (m.version !== version) fail(source, `${at}.manifest.version`, `${JSON.stringify(m.version)} differs from ${JSON.stringify(version)}`);
  for (const table of ['dependencies', 'optional_dependencies'] as const) {
    const deps = m[table];
    if (deps === undefined) continue;
    if (!isObject(deps)) fail(source, `${at}.manifest.${table}`, 'expected an object');
    for (const [dep, range] of Object.entries(deps)) {
      if (typeof range !== 'string' || semver.validRange(range) === null) fail(source, `${at}.manifest.${table}.${dep}`, 'expected a semver range');
    }
  }
  if (typeof entry.artifact !== 'string') fail(source, `${at}.artifact`, 'expected a string');
  const pathProblem = artifactPathProblem(entry.artifact);
  if (pathProblem !== undefined) fail(source, `${at}.artifact`, pathProblem);
  if (typeof entry.sha256 !== 'string' || !SHA256_HEX.test(entry.sha256)) fail(source, `${at}.sha256`, 'expected 64 lowercase hex digits');
  if (!Number.isSafeInteger(entry.size) || (entry.size as number) < 0) fail(source, `${at}.size`, 'expected a byte count');
  if (typeof entry.published !== 'string') fail(source, `${at}.published`, 'expected a date-time string');
}

// Runs one entry's check; a failure becomes a skipped-entry line instead of an error.
function usable(check: () => void, skipped: string[]): boolean {
  try {
    check();
    return true;
  } catch (error) {
    skipped.push(`${errorText(error)} (entry skipped)`);
    return false;
  }
}

function usableModules(source: string, modules: unknown, skipped: string[]): SignedIndex['modules'] {
  if (!isObject(modules)) fail(source, 'signed.modules', 'expected an object');
  const out: SignedIndex['modules'] = {};
  for (const [name, module] of Object.entries(modules)) {
    const at = `signed.modules.${name}`;
    const shaped = usable(() => {
      if (!MODULE_NAME_PATTERN.test(name)) fail(source, at, 'not a valid module name');
      if (!isObject(module) || !isObject(module.versions)) fail(source, `${at}.versions`, 'expected an object');
    }, skipped);
    if (!shaped) continue;
    const versions: Record<string, VersionEntry> = {};
    for (const [version, entry] of Object.entries((module as { versions: Record<string, unknown> }).versions)) {
      const ok = usable(() => {
        const problem = versionProblem(version);
        if (problem !== undefined) fail(source, `${at}.versions.${JSON.stringify(version)}`, problem);
        checkEntry(source, `${at}.versions.${version}`, name, version, entry);
      }, skipped);
      if (ok) versions[version] = entry as VersionEntry;
    }
    out[name] = { versions };
  }
  return out;
}

/** Parses index.json text from `source` (a URL or file) into a checked index of its usable entries. */
export function parseIndex(text: string, source: string): ParsedIndex {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BlvmError('integrity_failed', `registry index ${source} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!isObject(data)) fail(source, '$', 'expected an object');
  if (data.format !== INDEX_FORMAT) fail(source, 'format', `expected ${INDEX_FORMAT}, got ${JSON.stringify(data.format)}`);
  const signed = data.signed;
  if (!isObject(signed)) fail(source, 'signed', 'expected an object');
  if (!Number.isSafeInteger(signed.version) || (signed.version as number) < 1) fail(source, 'signed.version', 'expected a positive integer');
  if (typeof signed.expires !== 'string' || Number.isNaN(Date.parse(signed.expires))) fail(source, 'signed.expires', 'expected an RFC 3339 date-time');
  if (signed.node_payment_code !== undefined) {
    if (typeof signed.node_payment_code !== 'string') fail(source, 'signed.node_payment_code', 'expected a string (a BIP47 payment code)');
    const problem = paymentCodeProblem(signed.node_payment_code);
    if (problem !== undefined) fail(source, 'signed.node_payment_code', `invalid BIP47 payment code: ${problem}`);
  }
  const skipped: string[] = [];
  const modules = usableModules(source, signed.modules, skipped);
  if (!Array.isArray(data.signatures)) fail(source, 'signatures', 'expected an array');
  data.signatures.forEach((s: unknown, i: number) => {
    if (!isObject(s) || typeof s.public_key !== 'string' || typeof s.signature !== 'string') {
      fail(source, `signatures[${i}]`, 'expected { public_key, signature } strings');
    }
  });
  const received = signed as unknown as SignedIndex;
  const usableIndex = { ...(data as unknown as RegistryIndex), signed: { ...received, modules } };
  return { ...usableIndex, digest: indexDigest(received), skipped };
}
