// Conversions between store rows and records; JSON columns are parsed here and nowhere else.
import type { ExitReason, ExitRecord } from '../process/types.js';
import type { ModuleRecord, StoredEvent, StoredExit, TransitionRecord } from './types.js';

export interface ModuleRow {
  name: string;
  version: string | null;
  desired: string;
  phase: string;
  state: string;
  restarts: number;
  quarantine: string | null;
  verification: string | null;
  updated_at: number;
}

export interface TransitionRow {
  id: number;
  at: number;
  module: string;
  from_state: string;
  to_state: string;
  event: string;
}

export interface ExitRow {
  id: number;
  module: string;
  at: number;
  code: number | null;
  signal: string | null;
  reason: string;
  by_us: number;
  uptime_ms: number;
  detail: string | null;
  log_tail: string;
}

export interface EventRow {
  seq: number;
  at: number;
  type: string;
  source: string;
  payload: string;
}

export function jsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function parseObject(text: string | null): object | null {
  return text === null ? null : (JSON.parse(text) as object);
}

export function moduleParams(rec: ModuleRecord): unknown[] {
  return [
    rec.name,
    rec.version,
    rec.desired,
    rec.phase,
    rec.state,
    rec.restarts,
    jsonOrNull(rec.quarantine),
    jsonOrNull(rec.verification),
    rec.updated_at,
  ];
}

export function moduleFromRow(row: ModuleRow): ModuleRecord {
  return {
    name: row.name,
    version: row.version,
    desired: row.desired === 'disabled' ? 'disabled' : 'enabled',
    phase: row.phase,
    state: row.state,
    restarts: row.restarts,
    quarantine: parseObject(row.quarantine),
    verification: parseObject(row.verification),
    updated_at: row.updated_at,
  };
}

export function transitionFromRow(row: TransitionRow): TransitionRecord {
  return { id: row.id, at: row.at, module: row.module, from: row.from_state, to: row.to_state, event: row.event };
}

export function exitParams(module: string, exit: ExitRecord, logTail: string[]): unknown[] {
  return [
    module,
    exit.at,
    exit.code,
    exit.signal,
    exit.reason,
    exit.byUs ? 1 : 0,
    exit.uptimeMs,
    exit.detail ?? null,
    JSON.stringify(logTail),
  ];
}

export function exitFromRow(row: ExitRow): StoredExit {
  const exit: ExitRecord = {
    code: row.code,
    signal: row.signal,
    reason: row.reason as ExitReason,
    byUs: row.by_us === 1,
    uptimeMs: row.uptime_ms,
    at: row.at,
  };
  if (row.detail !== null) exit.detail = row.detail;
  return { id: row.id, module: row.module, exit, logTail: JSON.parse(row.log_tail) as string[] };
}

export function eventFromRow(row: EventRow): StoredEvent {
  return { seq: row.seq, at: row.at, type: row.type, source: row.source, payload: JSON.parse(row.payload) as unknown };
}
