// The parts of a module status produced by other services (resource samples from the monitor,
// containment layers from the sandbox) and the verification report, in the shapes the page
// draws. What a status does not carry stays null: the page then says so instead of inventing
// numbers.
import type { ModuleSandbox } from '../sandbox/types.js';
import type { ModuleResources } from '../supervision/status-types.js';
import type { ResourcePoint, SandboxView, VerificationSummary } from './wire-types.js';

/** The monitor's recent samples plus the latest one, oldest first; null when none was taken. */
export function readResources(resources: ModuleResources | null | undefined): ResourcePoint[] | null {
  if (!resources) return null;
  const points: ResourcePoint[] = (resources.history ?? []).map((s) => ({ at: s.at, cpu_percent: s.cpu_percent, rss_bytes: s.rss_bytes }));
  const last = points.at(-1);
  if (!last || resources.sampled_at > last.at) {
    points.push({ at: resources.sampled_at, cpu_percent: resources.cpu_percent, rss_bytes: resources.rss_bytes });
  }
  return points;
}

export function readSandbox(sandbox: ModuleSandbox | null | undefined): SandboxView | null {
  if (!sandbox || !Array.isArray(sandbox.layers)) return null;
  return {
    mode: sandbox.mode,
    layers: sandbox.layers.map((l) => ({ name: l.name, active: l.active, detail: l.detail })),
    warning: sandbox.warning ?? null,
  };
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The verification report of `module info` reduced to what the overview shows. */
export function readVerification(value: unknown): VerificationSummary | null {
  if (!isObject(value) || typeof value.ok !== 'boolean') return null;
  const signatures = isObject(value.signatures) ? value.signatures : {};
  const valid = Array.isArray(signatures.valid) ? signatures.valid : [];
  return {
    ok: value.ok,
    signed_by: valid.map((s) => (isObject(s) && typeof s.name === 'string' ? s.name : '?')),
    required: typeof signatures.required === 'number' ? signatures.required : 0,
    unsigned_allowed: signatures.unsigned_allowed === true,
    problems: Array.isArray(value.problems) ? value.problems.map(String) : [],
  };
}
