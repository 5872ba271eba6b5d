// Node events in words for the event log ("looper crashed (SIGKILL) after 12 s"), and which
// stream each belongs to: module lifecycle (kept apart, never flooded out) or activity (chain
// blocks and module-published events, high volume).
import { exitWords } from './phase-words.js';
import { plainEvent } from './plain-event.js';

export type LogStream = 'lifecycle' | 'activity';

/** Node events that are not about a module's life: chain and mempool progress. Module events (`x.y`) too. */
const ACTIVITY_TYPES = new Set(['NewBlock', 'BlockDisconnected', 'ChainReorg', 'TxAccepted', 'TxConfirmed']);

export function streamOf(type: string): LogStream {
  return ACTIVITY_TYPES.has(type) || type.includes('.') ? 'activity' : 'lifecycle';
}

/** Node events the log leaves out because a transition line already says the same. */
export function isRedundantEvent(type: string): boolean {
  return type === 'ModuleStateChanged';
}

type Payload = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const shortHash = (v: unknown): string => (str(v) ? `${(v as string).slice(0, 16)}…` : '?');

const DESCRIBERS: Record<string, (p: Payload, module: string) => string> = {
  ModuleLoaded: (p, m) => `${m} is running${str(p.version) ? ` (version ${p.version})` : ''}`,
  ModuleUnloaded: (p, m) => `${m} stopped running (${String(p.reason ?? 'unknown').replaceAll('_', ' ')})`,
  ModuleCrashed: (p, m) =>
    `${m} ${exitWords({ code: num(p.code), signal: str(p.signal), reason: (str(p.reason) ?? 'crashed') as never, byUs: false, uptimeMs: num(p.uptime_ms) as number })}` +
    (num(p.restarts) !== null ? `; ${p.restarts} restart${p.restarts === 1 ? '' : 's'} so far` : ''),
  ModuleQuarantined: (p, m) => `${m} was quarantined: ${String(p.reason ?? 'too many crashes')}`,
  ModuleStateChanged: (p, m) => `${m}: ${String(p.from || 'start')} → ${String(p.to)} (${plainEvent(String(p.event ?? ''))})`,
  OperatorAction: (p, m) => `${String(p.action)} on ${m} requested via ${String(p.via)}${str(p.from) ? ` from ${p.from}` : ''}${str(p.outcome) ? `: ${p.outcome}` : ''}`,
  NewBlock: (p) => `new block at height ${String(p.height ?? '?')} (${shortHash(p.hash)}, ${String(p.tx_count ?? '?')} tx)`,
  BlockDisconnected: (p) => `block at height ${String(p.height ?? '?')} disconnected (${shortHash(p.hash)})`,
  ChainReorg: (p) => `chain reorganised from height ${String(p.old_height ?? '?')} to ${String(p.new_height ?? '?')} (fork at ${String(p.fork_height ?? '?')})`,
  TxAccepted: (p) => `transaction ${shortHash(p.txid)} entered the mempool (fee ${String(p.fee ?? '?')} sat, ${String(p.vsize ?? '?')} vB)`,
  TxConfirmed: (p) => `transaction ${shortHash(p.txid)} confirmed at height ${String(p.height ?? '?')} (${shortHash(p.block_hash)})`,
  NodeStarted: (p) => `node started (version ${String(p.node_version ?? '?')}, ${String(p.network ?? '?')})`,
};

/** A sentence for a known event type, or null (the caller falls back to a key=value preview). */
export function describeEvent(type: string, payload: Payload, module: string | null): string | null {
  const describe = DESCRIBERS[type];
  return describe ? describe(payload, module ?? 'node') : null;
}
