// The validated, defaulted node configuration (`blvm.toml`). Durations are milliseconds,
// sizes are bytes, paths are absolute (resolved against the config file's directory).

export type Network = 'regtest' | 'testnet' | 'mainnet';
/** Every network, in the order messages list them. */
export const NETWORKS: readonly Network[] = ['mainnet', 'testnet', 'regtest'];
export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';
export type RestartType = 'permanent' | 'transient' | 'temporary';
export type SandboxMode = 'auto' | 'bwrap' | 'none';

export interface Threshold {
  m: number;
  n: number;
}

export interface TrustedKey {
  name: string;
  /** Compressed secp256k1 public key, 66 lowercase hex chars. */
  public_key: string;
}

export interface SupervisionPolicy {
  restart: RestartType;
  initial_delay: number;
  max_delay: number;
  reset_after: number;
  max_crashes: number;
  crash_window: number;
  ready_timeout: number;
  ping_interval: number;
  /** Missed pongs before the module is restarted (one missed pong = degraded). */
  max_missed_pings: number;
  stop_grace: number;
  kill_grace: number;
  /** A quarantined `critical` module: "degrade" reports the node degraded, "shutdown" stops it. */
  on_critical_failure: 'degrade' | 'shutdown';
  /** Keep one started, not yet admitted spare process ([modules.<name>] standby; never from [supervision]). */
  standby?: boolean;
}

export interface Limits {
  max_memory?: number;
  /** Consecutive samples over max_memory before the module is stopped. */
  memory_samples: number;
  max_cpu_percent?: number;
  cpu_window: number;
  kill_on_cpu_limit: boolean;
  max_open_files?: number;
  max_processes?: number;
}

export interface ModuleOverride {
  /** May only narrow what the signed manifest requests. */
  capabilities?: string[];
  /** Per-module supervision keys (`[modules.<name>.restart]` or `restart = "transient"`). */
  restart: Partial<SupervisionPolicy>;
  limits: Partial<Limits>;
  critical?: boolean;
  /** Keep a warm spare process that takes over at once after a crash. */
  standby?: boolean;
  /** Every other key: overrides of the module's own config.toml (node wins). */
  config: Record<string, unknown>;
}

export interface NodeConfig {
  /** Absolute path of the file this came from (or "<defaults>"). */
  file: string;
  /** Directory relative paths were resolved against. */
  dir: string;
  node: {
    network: Network;
    data_dir: string;
    log_level: LogLevel;
    database_backend: string;
  };
  modules: {
    modules_dir: string;
    enabled_modules: string[];
    disabled_modules: string[];
    overrides: Record<string, ModuleOverride>;
  };
  security: {
    require_signatures: boolean;
    signature_threshold: Threshold;
    trusted_maintainers: TrustedKey[];
    allow_unsigned: string[];
    allowed_capabilities: string[];
    allow_downgrade: string[];
    /** Lets mainnet/testnet trust the published development keys (src/trust/development-keys.ts). */
    allow_development_keys: boolean;
    /** Reuse signature verdicts from <data_dir>/trust/signature-cache/ (src/trust/signature-cache.ts). */
    signature_cache: boolean;
  };
  supervision: Omit<SupervisionPolicy, 'standby'>;
  limits: Limits;
  sandbox: { mode: SandboxMode; user: string };
  inspector: { enabled: boolean; listen: string };
  ipc: {
    max_frame: number;
    request_timeout: number;
    rate_limit: number;
    max_connections: number;
    max_pending_connections: number;
    hello_timeout: number;
    max_buffered_input: number;
    /** Milliseconds (fractions allowed). */
    event_linger: number;
  };
  store: {
    retention_transitions: number;
    retention_events: number;
    retention_event_bytes: number;
    max_event_payload: number;
    batch_interval: number;
  };
  logs: {
    max_file_size: number;
    max_files: number;
    module_log_bytes_per_second: number;
    module_log_lines_per_second: number;
    max_log_message: number;
    daemon_log_file: string;
  };
  metrics: { enabled: boolean; listen: string };
  /** `deadline`: longest time (ms) of one registry request, connect to last byte. */
  /** `metadata_max_age`: ms a cached index answers search / info --remote without a fetch. */
  registry: { url: string; trusted_keys: TrustedKey[]; threshold: Threshold; cache_size: number; deadline: number; metadata_max_age: number };
  /** Unset threshold / empty trusted_maintainers fall back to [security] (src/governance/governance-trust.ts). */
  /** The transaction pool (src/mempool/); read at start. */
  mempool: { min_fee_rate: number; max_count: number; max_bytes: number; max_tx_weight: number };
  /** `confirmations`: unset = 6, 1 on regtest (src/payment/payments-config.ts). */
  payments: { confirmations?: number };
  governance: { url: string; threshold?: Threshold; trusted_maintainers: TrustedKey[]; voters: string[]; poll_interval: number };
}

export const KNOWN_CAPABILITIES = [
  'read_blockchain',
  'read_chain_state',
  'subscribe_events',
  'publish_events',
  'governance_vote',
  'read_governance',
  'read_payments',
  'send_transactions',
  'call_module',
  'register_module_api',
  'register_cli',
  'network_access',
  'read_metrics',
  'report_metrics',
] as const;

export type Capability = (typeof KNOWN_CAPABILITIES)[number];
