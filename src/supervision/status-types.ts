// The fixed JSON shapes of `blvm status --json` and `blvm module info --json` (design section 9).
import type { ExitRecord } from '../process/types.js';

export interface ModuleStatus {
  name: string;
  version: string | null;
  /** Top-level state of the module machine: `monitoring` while running normally. */
  phase: string;
  /** Full state path, e.g. "monitoring.healthy". */
  state: string;
  pid: number | null;
  restarts: number;
  uptime_ms: number | null;
  last_exit: ExitRecord | null;
  desired: 'enabled' | 'disabled';
  critical: boolean;
  requires: string[];
  optional: string[];
  backoff_until: number | null;
  problems: string[];
  quarantine: { at: number; reason: string; exits: ExitRecord[]; log_tail?: string[] } | null;
}

export interface ModuleDetails extends ModuleStatus {
  dir: string;
  last_exits: ExitRecord[];
  verification: unknown;
  log_tail: string[];
}

export interface NodeStatus {
  node: {
    version: string;
    network: string;
    pid: number;
    uptime_ms: number;
    data_dir: string;
    status: 'running' | 'degraded' | 'stopping';
    socket: string;
  };
  modules: ModuleStatus[];
}
