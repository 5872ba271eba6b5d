// The fixed JSON shapes of `blvm status --json` and `blvm module info --json` (design section 9).
import type { StoreHealth } from '../store/types.js';
import type { ExitRecord } from '../process/types.js';
import type { ModuleSandbox } from '../sandbox/types.js';

/** One sample of a module's whole process group. */
export interface ResourceSample {
  /** Epoch ms. */
  at: number;
  /** CPU of the group in percent of one core since the previous sample. */
  cpu_percent: number;
  rss_bytes: number;
}

/** Live resource use of the running instance, with the last samples (oldest first). */
export interface ModuleResources {
  cpu_percent: number;
  rss_bytes: number;
  /** Live processes in the module's group. */
  processes: number;
  sampled_at: number;
  instance_id: string;
  history: ResourceSample[];
}

/** The module's warm spare ([modules.<name>] standby): started, held at its handshake. */
export interface StandbyView {
  /** `starting` until its hello is held, `ready` then, `replacing` while a replacement waits its delay. */
  status: 'starting' | 'ready' | 'replacing';
  pid: number | null;
  instance_id: string | null;
  /** Epoch ms at which a waiting replacement starts. */
  replace_at: number | null;
  /** Live CPU/RSS of the spare's process group (added by the monitor). */
  resources?: Omit<ModuleResources, 'history'> | null;
}

/** The effective [limits] of a module (sizes in bytes, durations in ms; null = no limit). */
export interface ModuleLimits {
  max_memory: number | null;
  memory_samples: number;
  max_cpu_percent: number | null;
  cpu_window: number;
  kill_on_cpu_limit: boolean;
  max_open_files: number | null;
  max_processes: number | null;
}

/** The verified, read-only snapshot a module runs from (data/run/verified/<id>/). */
export interface SnapshotView {
  id: string;
  tree_hash: string;
  dir: string;
}

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
  /** For a rejected module: what to set in blvm.toml so that it loads, when the plan can tell. */
  advice?: string;
  quarantine: { at: number; reason: string; exits: ExitRecord[]; log_tail?: string[] } | null;
  /** What runs (or runs next on a restart): null when no verified snapshot is held. */
  snapshot?: SnapshotView | null;
  /** The warm spare, when the module keeps one; null otherwise. */
  standby?: StandbyView | null;
  /** Live CPU/RSS of the running instance; null when nothing runs (added by the monitor). */
  resources?: ModuleResources | null;
  /** Containment layers of the module (added by the sandbox service). */
  sandbox?: ModuleSandbox;
  limits?: ModuleLimits;
  /** Log messages dropped over the module log rate since the node started (added by the api service). */
  log_dropped?: { lines: number; bytes: number };
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
    /** Names of the published development keys this node trusts (docs/trust.md); empty = none. */
    development_keys?: string[];
    /** The config file and when it was last read (start, or the last successful `blvm reload`). */
    config_file?: string;
    config_loaded_at?: string;
  };
  /** Whether the node store's writes commit; `failing` (e.g. disk full) makes the node `degraded`. */
  store: StoreHealth;
  modules: ModuleStatus[];
}
