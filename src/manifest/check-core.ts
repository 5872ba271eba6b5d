// Checks of the top-level scalar fields and the capability list.
import { posix } from 'node:path';
import { KNOWN_CAPABILITIES } from '../config/types.js';
import type { Problems } from './problems.js';
import { thresholdProblem } from './threshold.js';
import { CAPABILITY_NAME_PATTERN, MODULE_NAME_PATTERN } from './types.js';
import { versionProblem } from './version.js';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

export function isRfc3339(text: string): boolean {
  const m = RFC3339.exec(text);
  if (!m) return false;
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number);
  const offsetOk = m[9] === undefined || (Number(m[9]) <= 23 && Number(m[10]) <= 59);
  const inRange = month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
  return inRange && offsetOk && !Number.isNaN(Date.parse(text.replace(' ', 'T')));
}

/** Why an entry point path can never be valid, judged from the text alone. */
export function entryPointTextProblem(entry: string): string | undefined {
  const shown = JSON.stringify(entry);
  if (entry === '') return 'must not be empty';
  if (entry.includes('\0')) return `${shown} contains a NUL character`;
  if (entry.startsWith('/')) return `${shown} must be a relative path inside the module directory`;
  const normal = posix.normalize(entry);
  if (normal === '..' || normal.startsWith('../')) return `${shown} resolves outside the module directory`;
  if (normal === '.' || normal.endsWith('/')) return `${shown} must name a file`;
  return undefined;
}

export function checkCore(raw: Record<string, unknown>, p: Problems): void {
  for (const field of ['name', 'version', 'entry_point'] as const) {
    if (raw[field] === undefined) p.add([field], 'required field is missing');
  }
  if (raw.name !== undefined && p.expect(['name'], raw.name, 'string')) {
    const name = raw.name as string;
    if (!MODULE_NAME_PATTERN.test(name)) {
      p.add(['name'], `${JSON.stringify(name)} is not a valid module name (lowercase letters, digits and "-", starting with a letter or digit, at most 64 characters)`);
    }
  }
  if (raw.version !== undefined && p.expect(['version'], raw.version, 'string')) {
    const problem = versionProblem(raw.version as string);
    if (problem !== undefined) p.add(['version'], problem);
  }
  if (raw.entry_point !== undefined && p.expect(['entry_point'], raw.entry_point, 'string')) {
    const problem = entryPointTextProblem(raw.entry_point as string);
    if (problem !== undefined) p.add(['entry_point'], problem);
  }
  for (const field of ['description', 'author'] as const) {
    if (raw[field] !== undefined) p.expect([field], raw[field], 'string');
  }
  if (raw.threshold !== undefined && p.expect(['threshold'], raw.threshold, 'string')) {
    const problem = thresholdProblem(raw.threshold as string);
    if (problem !== undefined) p.add(['threshold'], problem);
  }
  if (raw.expires !== undefined && p.expect(['expires'], raw.expires, 'string')) {
    if (!isRfc3339(raw.expires as string)) {
      p.add(['expires'], `${JSON.stringify(raw.expires)} is not an RFC 3339 date-time (e.g. "2026-01-31T00:00:00Z")`);
    }
  }
  if (raw.capabilities !== undefined) checkCapabilityNames('capabilities', raw.capabilities, p);
  if (raw.provides_capabilities !== undefined) checkProvided(raw.provides_capabilities, p);
}

// Whether a requested name is known is judged with the installed modules (capability policy):
// a module may request a capability another module provides.
function checkCapabilityNames(field: string, value: unknown, p: Problems): boolean {
  if (!p.expect([field], value, 'array')) return false;
  const seen = new Set<string>();
  (value as unknown[]).forEach((item, i) => {
    if (!p.expect([field, i], item, 'string')) return;
    const capability = item as string;
    if (!CAPABILITY_NAME_PATTERN.test(capability) || capability.length > 64) {
      p.add([field, i], `${JSON.stringify(capability)} is not a capability name (lowercase words joined by "_", at most 64 characters)`);
    } else if (seen.has(capability)) {
      p.add([field, i], `duplicate capability ${JSON.stringify(capability)}`);
    }
    seen.add(capability);
  });
  return true;
}

// A module defines new names only: the node's own capabilities are granted by the node alone.
function checkProvided(value: unknown, p: Problems): void {
  if (!checkCapabilityNames('provides_capabilities', value, p)) return;
  (value as unknown[]).forEach((item, i) => {
    if ((KNOWN_CAPABILITIES as readonly unknown[]).includes(item)) {
      p.add(['provides_capabilities', i], `${JSON.stringify(item)} is a capability of the node itself; a module can only provide capabilities of its own`);
    }
  });
}
