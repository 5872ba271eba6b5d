// Shapes of the module API as the SDK hands them to module authors (docs/ipc-protocol.md).
import type { EventEnvelope } from '../ipc/envelopes.js';

/** One delivered event (or a notice such as `EventsDropped` / `EventsGap`). */
export type ModuleEvent = EventEnvelope;

export interface NodeInfo {
  node_version: string;
  protocol: number;
  network: string;
  pid: number;
  uptime_ms: number;
  status: string;
  module: string;
  instance_id: string;
  capabilities: string[];
}

export interface ModuleSummary {
  name: string;
  version: string | null;
  phase: string;
  state: string;
  loaded: boolean;
  instance_id: string | null;
}

export interface ModuleInfo extends ModuleSummary {
  requires: string[];
  optional: string[];
  critical: boolean;
  restarts: number;
  uptime_ms: number | null;
  exposed: { name: string; description: string; capability?: string }[];
  cli_groups: string[];
}

export interface SubscribeOptions {
  /** Event types: exact names, `<module>.*`, or `*` (the default: everything). */
  types?: string[];
  /** Keep a cursor in the node: after a restart, resume after the last acknowledged event. */
  durable?: boolean;
  /** Durable only: names the cursor (default `default`). */
  name?: string;
  /** Durable only: `oldest`, `next` or a sequence number; absent = resume from the stored cursor. */
  from?: 'oldest' | 'next' | number;
  /** The node-side queue bound of this subscription. */
  queueLimit?: number;
  /** Durable only: most unacknowledged events in flight (default 1000). */
  window?: number;
  /** Plain subscriptions: events buffered in this process before the oldest are dropped (default 10000). */
  bufferLimit?: number;
}

export interface SubscribeResult {
  subscription: string;
  durable: boolean;
  types: string[];
  snapshot: number;
  last_seq: number;
  name?: string;
  acked?: number;
  resume_from?: number;
}

export interface CallOptions {
  /** Deadline of the call in the node (default 10 s, at most the node's request timeout). */
  timeoutMs?: number;
}

export interface ModuleMetrics {
  module: string;
  instance_id: string;
  at: number;
  metrics: Record<string, number>;
}
