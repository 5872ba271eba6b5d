// Every section and key of blvm.toml: type, default and validator. The shipped blvm.toml
// documents the same keys at length; a test checks that the two agree.
import type { Limits, NodeConfig, SupervisionPolicy } from './types.js';
import {
  boolean, capabilities, duration, fineDuration, integer, moduleNames, oneOf, positiveNumber, size, string, type Field,
} from './fields.js';
import { parseHostPort, parseListen } from './listen.js';
import { sandboxUser } from './sandbox-user.js';
import { parseThreshold } from './threshold.js';
import { trustedKeys } from './trusted-keys.js';
import { ValueError, describeValue } from './value-error.js';
import { isBackend } from '../module-db/backends.js';

export type SectionSchema<S> = { [K in keyof S]-?: Field<NonNullable<S[K]>> };

export const SUPPORTED_DATABASE_BACKENDS = ['sqlite'] as const;

function threshold(doc: string, def: string): Field<NodeConfig['security']['signature_threshold']> {
  return { type: '"M-of-N"', default: parseThreshold(def), doc, parse: parseThreshold };
}

const databaseBackend: Field<string> = {
  type: '"sqlite"',
  default: 'sqlite',
  doc: 'store backend, inherited by modules that set none',
  parse(value) {
    if (typeof value === 'string' && (SUPPORTED_DATABASE_BACKENDS as readonly string[]).includes(value)) return value;
    if (isBackend(value)) {
      throw new ValueError(
        `${describeValue(value)} is a module database backend only: the node's own store is sqlite ` +
          `(set database_backend = ${describeValue(value)} in [modules.<name>] or in the module's config.toml)`,
      );
    }
    const supported = SUPPORTED_DATABASE_BACKENDS.map((b) => JSON.stringify(b)).join(', ');
    throw new ValueError(`unsupported database backend ${describeValue(value)} (supported: ${supported})`);
  },
};

const listen: Field<string> = {
  type: 'host:port',
  default: '127.0.0.1:7780',
  doc: 'inspector address, loopback only; port 0 = any free port',
  parse(value) {
    parseListen(value);
    return value as string;
  },
};

/** An http(s) base URL, or "" for none (`what` says what "" means). */
function httpUrl(doc: string, what: string): Field<string> {
  return {
    type: 'URL',
    default: '',
    doc,
    parse(value) {
      if (value === '') return '';
      let url: URL | undefined;
      try {
        url = typeof value === 'string' ? new URL(value) : undefined;
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        throw new ValueError(`expected an http(s) URL or "" (${what}), got ${describeValue(value)}`);
      }
      return value as string;
    },
  };
}

const metricsListen: Field<string> = {
  type: 'host:port',
  default: '127.0.0.1:9780',
  doc: 'Prometheus /metrics address; loopback by default, any IP to let a Prometheus server scrape it; port 0 = any free port',
  parse(value) {
    parseHostPort(value);
    return value as string;
  },
};

const daemonLogFile: Field<string> = {
  type: 'path ending in .log, or ""',
  default: '',
  doc: 'file the daemon logs to, rotated by max_file_size / max_files; empty = stderr',
  parse(value) {
    if (value === '') return '';
    if (typeof value !== 'string' || !/[^/]\.log$/.test(value)) {
      throw new ValueError(`expected "" (log to stderr) or a file path ending in .log, got ${describeValue(value)}`);
    }
    return value;
  },
};

export const SUPERVISION_SCHEMA: SectionSchema<Omit<SupervisionPolicy, 'standby'>> = {
  restart: oneOf('restart type', 'permanent', ['permanent', 'transient', 'temporary']),
  initial_delay: duration('first backoff delay (base of exponential backoff)', '500ms'),
  max_delay: duration('backoff cap', '30s'),
  reset_after: duration('healthy running time that resets the backoff counter', '60s'),
  max_crashes: integer('crashes allowed within crash_window before quarantine', 5),
  crash_window: duration('window of the crash budget', '10m'),
  ready_timeout: duration('time from spawn to the module\'s ready message', '30s'),
  ping_interval: duration('liveness ping interval', '5s'),
  max_missed_pings: integer('missed pongs before a restart', 3),
  stop_grace: duration('wait after the Shutdown message before SIGTERM', '10s', 0),
  kill_grace: duration('wait after SIGTERM before SIGKILL', '5s', 0),
  on_critical_failure: oneOf('what a quarantined critical module does to the node', 'degrade', ['degrade', 'shutdown']),
};

export const LIMITS_SCHEMA: SectionSchema<Limits> = {
  max_memory: size('RSS limit', undefined),
  memory_samples: integer('consecutive samples over max_memory before the module is stopped', 3),
  max_cpu_percent: positiveNumber('CPU limit in percent of one core, averaged over cpu_window', undefined),
  cpu_window: duration('averaging window of max_cpu_percent', '10s'),
  kill_on_cpu_limit: boolean('restart (true) or only report (false) a module over max_cpu_percent', false),
  max_open_files: integer('RLIMIT_NOFILE', undefined),
  max_processes: integer('RLIMIT_NPROC', undefined),
};

export type PlainSection = Exclude<keyof NodeConfig, 'file' | 'dir' | 'modules'>;
export type PlainSchema = { [S in PlainSection]: SectionSchema<NodeConfig[S]> };
export type ConfigSchema = PlainSchema & {
  modules: SectionSchema<Omit<NodeConfig['modules'], 'overrides'>>;
};

/** Every section. `[modules.<name>]` overrides are handled by module-overrides.ts. */
export const SCHEMA: ConfigSchema = {
  node: {
    network: oneOf('chain parameters', 'regtest', ['regtest', 'testnet', 'mainnet']),
    data_dir: string('data directory, relative to the config file', 'data', { nonEmpty: true }),
    log_level: oneOf('log level', 'info', ['error', 'warn', 'info', 'debug', 'trace']),
    database_backend: databaseBackend,
  },
  modules: {
    modules_dir: string('module directory, relative to the config file', 'modules', { nonEmpty: true }),
    enabled_modules: moduleNames('modules to run; empty = every discovered module'),
    disabled_modules: moduleNames('modules never to run'),
  },
  security: {
    require_signatures: boolean('refuse modules without enough trusted signatures', true),
    signature_threshold: threshold('signatures required (M); a manifest may only raise it', '2-of-3'),
    trusted_maintainers: trustedKeys('maintainer keys whose signatures count'),
    allow_unsigned: moduleNames('modules allowed to load unsigned (development)'),
    allowed_capabilities: capabilities('capabilities any module may get; empty = every known capability'),
    allow_downgrade: moduleNames('modules allowed to load a lower version than the last trusted one'),
    allow_development_keys: boolean('let mainnet/testnet trust the published development keys (never in production)', false),
    signature_cache: boolean('skip the signature check of a snapshot already verified under the same keys and policy (hashes are always recomputed)', true),
  },
  supervision: SUPERVISION_SCHEMA,
  limits: LIMITS_SCHEMA,
  sandbox: {
    mode: oneOf('sandbox mode', 'auto', ['auto', 'bwrap', 'none']),
    user: sandboxUser,
  },
  inspector: {
    enabled: boolean('serve the inspector', true),
    listen,
  },
  metrics: {
    enabled: boolean('serve Prometheus metrics at /metrics', true),
    listen: metricsListen,
  },
  ipc: {
    max_frame: size('largest IPC frame', '16MiB'),
    request_timeout: duration('node-side timeout of one request', '30s'),
    rate_limit: integer('requests per second per module', 1000),
    max_connections: integer('module socket connections open at once, authenticated or not', 256),
    max_pending_connections: integer('module socket connections still waiting for their hello', 64),
    hello_timeout: duration('time a new connection has to send its hello', '5s'),
    max_buffered_input: size('received bytes buffered across every module connection', '64MiB'),
    event_linger: fineDuration('how long a busy publisher\'s events are gathered into one write per subscriber', '1ms', 50),
  },
  store: {
    retention_transitions: integer('module state transitions kept', 100_000),
    retention_events: integer('events kept for durable subscriptions', 100_000),
    retention_event_bytes: size('bytes of events kept for durable subscriptions', '64MiB', 1024),
    max_event_payload: size('largest event data a module may publish', '64KiB'),
    batch_interval: duration('store write batching interval', '100ms'),
  },
  logs: {
    max_file_size: size('size of one module log file before rotation', '10MiB'),
    max_files: integer('rotated log files kept per module and stream', 3),
    module_log_bytes_per_second: size('bytes of log messages per second per module', '64KiB'),
    module_log_lines_per_second: integer('log messages per second per module', 200),
    max_log_message: size('longest log message; longer ones are truncated', '8KiB'),
    daemon_log_file: daemonLogFile,
  },
  registry: {
    url: httpUrl('module registry base URL; empty = no registry', 'no registry'),
    trusted_keys: trustedKeys('registry signing keys'),
    threshold: threshold('registry signatures required', '1-of-1'),
    cache_size: size('download cache size', '256MiB', 0),
    deadline: duration('longest time one registry request (index or artifact) may take, connect to last byte', '60s'),
    metadata_max_age: duration('how long module search and info --remote answer from the metadata cache without asking the registry; 0s = always ask', '5m', 0),
  },
  mempool: {
    min_fee_rate: positiveNumber('minimum fee rate of an accepted transaction, sat/vB', 1),
    max_count: integer('most transactions the mempool holds', 5000),
    max_bytes: size('most serialized transaction bytes the mempool holds', '50MB'),
    max_tx_weight: integer('largest weight of one accepted transaction', 400_000),
  },
  payments: {
    confirmations: integer('confirmations a purchase needs before it licenses a paid module; unset = 6, 1 on regtest', undefined),
  },
  governance: {
    url: httpUrl('governance server base URL; empty = no governance', 'no governance server'),
    threshold: { ...threshold('maintainer signatures a proposal or result needs; unset = [security].signature_threshold', '2-of-3'), default: undefined },
    trusted_maintainers: trustedKeys('maintainer keys whose proposal and result signatures count; empty = [security].trusted_maintainers'),
    voters: moduleNames('modules authorized to cast governance votes for this node'),
    poll_interval: duration('how often the node polls the governance server', '30s'),
  },
};

export type SectionName = keyof ConfigSchema;
export const SECTION_NAMES = Object.keys(SCHEMA) as SectionName[];
