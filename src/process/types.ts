// Plain-data contracts between the module machine (actors/) and the process actor (src/process/).

/** Why a child ended. `exited`/`crashed` are the child's own doing; the rest name what we did. */
export type ExitReason =
  | 'exited'          // the child exited by itself with code 0
  | 'crashed'         // the child exited by itself with a non-zero code or died of a signal we did not send
  | 'stopped'         // we stopped it (operator, dependency, shutdown) and it went
  | 'spawn_failed'    // it never started (ENOENT, EACCES, ...)
  | 'ready_timeout'   // no `ready` within [supervision].ready_timeout
  | 'ping_timeout'    // stopped answering pings
  | 'disconnected'    // closed its node socket while running
  | 'protocol_error'  // sent garbage / oversized frames / bad handshake
  | 'memory_limit'    // RSS over [limits].max_memory
  | 'cpu_limit'       // CPU over [limits].max_cpu_percent with kill_on_cpu_limit
  | 'fault';          // killed on purpose by fault injection

/** The one record for every way a child ends. */
export interface ExitRecord {
  code: number | null;
  signal: string | null;
  reason: ExitReason;
  /** True when the node asked for the end (stop, limit, timeout), false when the child ended by itself. */
  byUs: boolean;
  uptimeMs: number;
  /** Epoch ms of the exit. */
  at: number;
  /** Free text, e.g. "SIGKILL after 5000 ms grace" or the spawn error. */
  detail?: string;
}

/** The host identity a sandboxed module is switched to (setpriv inside bwrap) before it runs. */
export interface RunAs {
  uid: number;
  gid: number;
  /** Supplementary groups (the module group that may use node.sock). */
  groups: number[];
  /** `dynamic`: the module's own allocated uid; `configured`: [sandbox] user names it. */
  source: 'dynamic' | 'configured';
}

/** Everything the process actor needs to start one module instance. Plain data only. */
export interface SpawnSpec {
  module: string;
  command: string;
  args: string[];
  /** Working directory: the module's work/ dir. */
  cwd: string;
  /** Environment for the child besides PATH/HOME/LANG/TZ and BLVM_TOKEN (which the process actor adds). */
  env: Record<string, string>;
  logDir: string;
  /** Trusted directory above logDir (the node's data dir): no directory below it may be a link. */
  logRoot?: string;
  logMaxFileSize: number;
  logMaxFiles: number;
  stopGrace: number;
  killGrace: number;
  /** Interval of the liveness pings on this instance's connection. */
  pingInterval: number;
  capabilities: string[];
  /** rlimits applied at spawn (prlimit), when set. */
  rlimits: { nofile?: number; nproc?: number; core?: number };
  /**
   * bubblewrap around the command: the bwrap binary, its options (before `--`) and the identity
   * the module is switched to inside (null or absent = the daemon's own); absent = no sandbox.
   */
  sandbox?: { bwrap: string; args: string[]; user?: RunAs | null } | null;
}

/**
 * Events the process actor sends to its parent machine. For a sandboxed child, `child.spawned`
 * names the module process inside the sandbox (the pid operators see and signal), not bwrap.
 */
export type ProcessEvent =
  | { type: 'child.spawned'; pid: number; instanceId: string; at: number }
  | { type: 'child.exited'; instanceId: string; exit: ExitRecord };

/** Events the parent machine sends to the process actor. */
export type ProcessCommand =
  | { type: 'process.stop'; reason: ExitReason; graceful: boolean }
  | { type: 'process.signal'; signal: NodeJS.Signals }
  /** The module's policy was re-read (reload): these apply to the running instance from now on. */
  | { type: 'process.timing'; stopGrace: number; killGrace: number; pingInterval: number };

/** What the `standby` actor gets: the live instance's spec, which spare it is, when to start it. */
export interface StandbyInput {
  spec: SpawnSpec;
  generation: number;
  delayMs: number;
}

/** Events of the `standby` actor about its spare process. */
export type StandbyEvent =
  /** Sent before the spawn, so the spare's instance id is known before its hello can arrive. */
  | { type: 'standby.started'; generation: number; instanceId: string }
  | { type: 'standby.spawned'; generation: number; instanceId: string; pid: number }
  | { type: 'standby.exited'; generation: number; exit: ExitRecord };
