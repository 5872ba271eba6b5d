// Reads the optional, separately produced parts of a module status (resource samples, sandbox
// layers) and the verification report into the shapes the page draws. Absent data stays null:
// the page then says "not sampled" instead of inventing numbers.
import type { ResourcePoint, SandboxBadge, VerificationSummary } from './wire-types.js';

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** One sample from `{cpu_percent, rss_bytes, at}` (also `cpu`, `rss`, `memory_bytes`, `sampled_at`). */
export function readResourcePoint(value: unknown, now: number): ResourcePoint | null {
  if (!isObject(value)) return null;
  const cpu = num(value.cpu_percent) ?? num(value.cpu);
  const rss = num(value.rss_bytes) ?? num(value.rss) ?? num(value.memory_bytes);
  if (cpu === null && rss === null) return null;
  return { at: num(value.at) ?? num(value.sampled_at) ?? now, cpu_percent: cpu, rss_bytes: rss };
}

/** Every sample a status carries: one object, an array of them, or `{samples: [...]}` (latest last). */
export function readResources(value: unknown, now: number): ResourcePoint[] {
  const list = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.samples) ? value.samples : [value];
  const points = list.map((v) => readResourcePoint(v, now)).filter((p): p is ResourcePoint => p !== null);
  if (points.length === 0 && isObject(value)) {
    const latest = readResourcePoint(value.latest ?? value.current, now);
    if (latest) points.push(latest);
  }
  return points;
}

/** Sandbox layers from `["bwrap", …]`, `{layers: […]}`, `[{name, active}]` or `{bwrap: true, …}`. */
export function readSandbox(value: unknown): SandboxBadge[] | null {
  if (value === undefined || value === null) return null;
  const source = isObject(value) && Array.isArray(value.layers) ? value.layers : value;
  if (Array.isArray(source)) {
    const badges = source.map(badgeOf).filter((b): b is SandboxBadge => b !== null);
    return badges.length > 0 ? badges : null;
  }
  if (isObject(source)) {
    const badges = Object.entries(source)
      .filter(([, v]) => typeof v === 'boolean' || isObject(v))
      .map(([name, v]) => ({ name, active: typeof v === 'boolean' ? v : (v as Loose).active === true }));
    return badges.length > 0 ? badges : null;
  }
  return null;
}

function badgeOf(item: unknown): SandboxBadge | null {
  if (typeof item === 'string') return { name: item, active: true };
  if (isObject(item) && typeof item.name === 'string') return { name: item.name, active: item.active !== false };
  return null;
}

/** The verification report of `module info` reduced to what the overview shows. */
export function readVerification(value: unknown): VerificationSummary | null {
  if (!isObject(value) || typeof value.ok !== 'boolean') return null;
  const signatures = isObject(value.signatures) ? value.signatures : {};
  const valid = Array.isArray(signatures.valid) ? signatures.valid : [];
  return {
    ok: value.ok,
    signed_by: valid.map((s) => (isObject(s) && typeof s.name === 'string' ? s.name : '?')),
    required: num(signatures.required) ?? 0,
    unsigned_allowed: signatures.unsigned_allowed === true,
    problems: Array.isArray(value.problems) ? value.problems.map(String) : [],
  };
}
