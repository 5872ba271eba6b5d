// Chaos scenario files (`blvm chaos run SCENARIO.toml`): which faults to inject, how often,
// and the service-level objectives the recovery report is judged against.
import { parseTomlText } from '../config/toml-text.js';
import { parseDuration } from '../config/durations.js';
import { suggestion } from '../config/did-you-mean.js';
import { BlvmError } from '../errors.js';

export const FAULT_KINDS = ['kill', 'hang', 'crash-loop', 'slow-start', 'garbage', 'disconnect', 'memory', 'node-kill'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  kind: FaultKind;
  /** Target module (not used by node-kill). */
  module: string | null;
  /** kill: the signal sent to the module's process group. */
  signal: string;
  /** hang: how long the group stays SIGSTOPped; slow-start: the handshake delay. */
  duration: number;
  /** crash-loop: consecutive failed starts to force. */
  starts: number;
  /** Repeat interval; 0 = inject once per round. */
  every: number;
  /** How many injections (at least 1). */
  count: number;
  /** Longest wait for the module to be ready again after one injection. */
  settle: number;
}

export interface Slo {
  detect_p99?: number;
  recover_p99?: number;
  recover_max?: number;
  max_restarts?: number;
  lost_events: number;
  orphans: number;
  allow_quarantine: boolean;
}

export interface Scenario {
  name: string;
  file: string;
  faults: FaultSpec[];
  slo: Slo;
}

const FAULT_KEYS = ['kind', 'module', 'signal', 'duration', 'starts', 'every', 'count', 'for', 'settle'];
const SLO_KEYS = ['detect_p99', 'recover_p99', 'recover_max', 'max_restarts', 'lost_events', 'orphans', 'allow_quarantine'];
const TOP_KEYS = ['name', 'module', 'settle', 'fault', 'slo'];
const SIGNALS = ['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGABRT', 'SIGSEGV', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'];

type Table = Record<string, unknown>;

function unknownKeys(table: Table, allowed: string[], where: string, problems: string[]): void {
  for (const key of Object.keys(table)) {
    if (!allowed.includes(key)) problems.push(`${where}.${key}: unknown key${suggestion(key, allowed)}`);
  }
}

function duration(value: unknown, where: string, fallback: number, problems: string[]): number {
  if (value === undefined) return fallback;
  try {
    return parseDuration(value);
  } catch (error) {
    problems.push(`${where}: ${(error as Error).message}`);
    return fallback;
  }
}

function count(value: unknown, where: string, fallback: number, problems: string[]): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  problems.push(`${where}: expected a whole number, got ${JSON.stringify(value)}`);
  return fallback;
}

function parseFault(raw: Table, i: number, defaults: { module: string | null; settle: number }, problems: string[]): FaultSpec {
  const where = `[[fault]] #${i + 1}`;
  unknownKeys(raw, FAULT_KEYS, where, problems);
  const kind = raw.kind as FaultKind;
  if (!FAULT_KINDS.includes(kind)) {
    problems.push(`${where}.kind: expected one of ${FAULT_KINDS.join(', ')}, got ${JSON.stringify(raw.kind)}${typeof raw.kind === 'string' ? suggestion(raw.kind, FAULT_KINDS) : ''}`);
  }
  const module = typeof raw.module === 'string' ? raw.module : defaults.module;
  if (kind !== 'node-kill' && !module) problems.push(`${where}.module: which module? (set it here or as the top-level "module")`);
  const signal = typeof raw.signal === 'string' ? raw.signal.toUpperCase() : 'SIGKILL';
  if (!SIGNALS.includes(signal)) problems.push(`${where}.signal: expected one of ${SIGNALS.join(', ')}, got ${JSON.stringify(raw.signal)}`);
  const every = duration(raw.every, `${where}.every`, 0, problems);
  const forMs = duration(raw.for, `${where}.for`, 0, problems);
  let times = count(raw.count, `${where}.count`, 1, problems);
  if (raw.count === undefined && forMs > 0 && every > 0) times = Math.max(1, Math.floor(forMs / every));
  return {
    kind,
    module: kind === 'node-kill' ? null : module,
    signal,
    duration: duration(raw.duration, `${where}.duration`, kind === 'slow-start' ? 2000 : 1000, problems),
    starts: count(raw.starts, `${where}.starts`, 3, problems),
    every,
    count: Math.max(1, times),
    settle: duration(raw.settle, `${where}.settle`, defaults.settle, problems),
  };
}

function parseSlo(raw: Table | undefined, problems: string[]): Slo {
  const slo: Slo = { lost_events: 0, orphans: 0, allow_quarantine: false };
  if (!raw) return slo;
  unknownKeys(raw, SLO_KEYS, '[slo]', problems);
  if (raw.detect_p99 !== undefined) slo.detect_p99 = duration(raw.detect_p99, '[slo].detect_p99', 0, problems);
  if (raw.recover_p99 !== undefined) slo.recover_p99 = duration(raw.recover_p99, '[slo].recover_p99', 0, problems);
  if (raw.recover_max !== undefined) slo.recover_max = duration(raw.recover_max, '[slo].recover_max', 0, problems);
  if (raw.max_restarts !== undefined) slo.max_restarts = count(raw.max_restarts, '[slo].max_restarts', 0, problems);
  slo.lost_events = count(raw.lost_events, '[slo].lost_events', 0, problems);
  slo.orphans = count(raw.orphans, '[slo].orphans', 0, problems);
  if (raw.allow_quarantine !== undefined) {
    if (typeof raw.allow_quarantine === 'boolean') slo.allow_quarantine = raw.allow_quarantine;
    else problems.push(`[slo].allow_quarantine: expected true or false, got ${JSON.stringify(raw.allow_quarantine)}`);
  }
  return slo;
}

export function parseScenario(text: string, file: string): Scenario {
  let raw: Table;
  try {
    raw = parseTomlText(text, file);
  } catch (cause) {
    throw new BlvmError('config_invalid', (cause as Error).message, { cause });
  }
  const problems: string[] = [];
  unknownKeys(raw, TOP_KEYS, file, problems);
  const defaults = {
    module: typeof raw.module === 'string' ? raw.module : null,
    settle: duration(raw.settle, 'settle', 30_000, problems),
  };
  const rawFaults = Array.isArray(raw.fault) ? (raw.fault as Table[]) : [];
  if (rawFaults.length === 0) problems.push('[[fault]]: a scenario needs at least one fault');
  const faults = rawFaults.map((f, i) => parseFault(f, i, defaults, problems));
  const slo = parseSlo(raw.slo as Table | undefined, problems);
  if (problems.length > 0) {
    throw new BlvmError('config_invalid', `${file}: ${problems.length} problem(s)`, { details: problems });
  }
  return { name: typeof raw.name === 'string' ? raw.name : file, file, faults, slo };
}
