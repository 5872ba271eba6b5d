// An isolated blvm node in a temp dir, driven through the real CLI: for end-to-end tests
// of the node itself and of module authors' modules. Tears down without leftovers.
import { execa, type ResultPromise } from 'execa';
import { mkdtemp, mkdir, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { BlvmError } from '../errors.js';
import { controlCall, controlStream } from '../control/control-client.js';
import type { FaultAck, FaultRequest } from '../chaos/fault-service.js';
import { runScenario } from '../chaos/run-scenario.js';
import { parseScenario } from '../chaos/scenario.js';
import type { RecoveryReport } from '../chaos/report.js';
import type { EventItem } from '../bus/events-control.js';
import { readLogTail } from '../process/log-tail.js';
import { DAEMON_ENV, DAEMON_NODE_FLAGS } from '../daemon/daemon-node-flags.js';
import { PACKAGE_ROOT } from '../version.js';
import type { ModuleDetails, ModuleStatus, NodeStatus } from '../supervision/status-types.js';
import { scaledTimeout, waitUntil } from './wait.js';

/** How long `blvm start` may take to answer on an idle machine; scaled by the measured load. */
const START_DEADLINE_MS = 20_000;

export interface IsolatedNodeOptions {
  /** Module directories to copy into the node's modules dir (name → source dir). */
  copyModules?: Record<string, string>;
  /** Extra TOML appended to the generated blvm.toml (e.g. `[modules.x]` tables). */
  extraConfig?: string;
  /** Replaces the generated [supervision] table. */
  supervision?: string;
  /** Replaces the generated [security] table (default: require_signatures = false). */
  security?: string;
  /** Start the daemon at once (default true). */
  start?: boolean;
  /** Serve the inspector on a free loopback port, or on this `host:port` (default false: disabled). */
  inspector?: boolean | string;
  /** Serve Prometheus metrics on a free loopback port (default false: disabled). */
  metrics?: boolean;
  /** Extra environment of the daemon (e.g. NOTIFY_SOCKET). */
  env?: Record<string, string>;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const FAST_SUPERVISION = `[supervision]
initial_delay = "100ms"
max_delay = "1s"
ready_timeout = "5s"
ping_interval = "500ms"
max_missed_pings = 3
stop_grace = "2s"
kill_grace = "1s"
`;

const BIN = join(PACKAGE_ROOT, 'bin', 'blvm.js');

export class IsolatedNode {
  daemon: ResultPromise | null = null;
  private output = '';

  private constructor(
    readonly root: string,
    readonly configPath: string,
    readonly dataDir: string,
    readonly modulesDir: string,
    private readonly env: Record<string, string> = {},
  ) {}

  static async create(opts: IsolatedNodeOptions = {}): Promise<IsolatedNode> {
    const root = await mkdtemp(join(tmpdir(), 'blvm-node-'));
    const modulesDir = join(root, 'modules');
    await mkdir(modulesDir);
    for (const [name, src] of Object.entries(opts.copyModules ?? {})) await cp(src, join(modulesDir, name), { recursive: true });
    const configPath = join(root, 'blvm.toml');
    await writeFile(
      configPath,
      [
        '[node]\ndata_dir = "data"\nlog_level = "debug"\n',
        '[modules]\nmodules_dir = "modules"\n',
        opts.security ?? '[security]\nrequire_signatures = false\n',
        opts.supervision ?? FAST_SUPERVISION,
        opts.inspector ? `[inspector]\nenabled = true\nlisten = "${opts.inspector === true ? '127.0.0.1:0' : opts.inspector}"\n` : '[inspector]\nenabled = false\n',
        opts.metrics ? '[metrics]\nenabled = true\nlisten = "127.0.0.1:0"\n' : '[metrics]\nenabled = false\n',
        opts.extraConfig ?? '',
      ].join('\n'),
    );
    const node = new IsolatedNode(root, configPath, join(root, 'data'), modulesDir, opts.env);
    if (opts.start !== false) await node.start();
    return node;
  }

  /** Adds a module directory that runs `entrySource` (a JS module) as its entry point. */
  async addModule(name: string, manifest: string, entrySource: string): Promise<string> {
    const dir = join(this.modulesDir, name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'module.toml'), manifest);
    await writeFile(join(dir, 'main.js'), `#!/usr/bin/env node\n${entrySource}\n`, { mode: 0o755 });
    return dir;
  }

  /** Starts `blvm start` and waits until its control socket answers (polled directly: no CLI process per poll). */
  async start(): Promise<void> {
    if (this.daemon) throw new BlvmError('conflict', 'this isolated node is already running');
    this.output = '';
    // No forced kill after a delay: a graceful stop under load may take longer than execa's 5 s
    // default, and a SIGKILLed daemon would hide exactly what stop tests look for.
    const daemon = execa('node', [...DAEMON_NODE_FLAGS, BIN, 'start', '--config', this.configPath], {
      reject: false,
      all: true,
      cwd: this.root,
      env: { ...DAEMON_ENV, ...this.env },
      forceKillAfterDelay: false,
    });
    daemon.all?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.daemon = daemon;
    const timeoutMs = scaledTimeout(START_DEADLINE_MS);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (daemon.exitCode !== null) throw new BlvmError('unavailable', `blvm start exited early:\n${this.output}`);
      if (await this.status().then(() => true, () => false)) return this.startLogged();
      await sleep(100);
    }
    throw new BlvmError('timeout', `blvm start did not answer within ${timeoutMs / 1000} s (20 s scaled by the load average):\n${this.output}`);
  }

  /**
   * The control socket answers a moment before this process has read the daemon's start-up
   * lines from its output pipe; waits for the last of them, "node started", so that `log()`
   * right after `start()` holds every line logged while starting. A daemon logging to a file
   * (`[logs] daemon_log_file`) writes none of them here, not even its first, "starting blvm".
   */
  private async startLogged(): Promise<void> {
    if (!this.output.includes('starting blvm')) return;
    await waitUntil(() => this.output.includes('node started') || this.daemon?.exitCode !== null, {
      timeoutMs: 5_000,
      intervalMs: 10,
      message: () => `the daemon's "node started" line; its log ends:\n${this.output.slice(-2000)}`,
    });
  }

  /**
   * Waits until the daemon's log holds a line matching `pattern` and returns it: the log is read
   * from the daemon's output pipe, a moment after the daemon acted (or answered a request).
   */
  waitForLog(pattern: RegExp, baseTimeoutMs = 10_000): Promise<string> {
    return waitUntil(() => this.output.split('\n').find((line) => pattern.test(line)), {
      timeoutMs: baseTimeoutMs,
      message: () => `a daemon log line matching ${pattern}; the log ends:\n${this.output.slice(-2000)}`,
    });
  }

  /** The daemon's log so far (for assertions and failure messages). */
  log(): string {
    return this.output;
  }

  cli(args: string[], opts: { timeoutMs?: number } = {}): Promise<CliResult> {
    return execa('node', [BIN, ...args, '--config', this.configPath], {
      reject: false,
      timeout: opts.timeoutMs ?? 30_000,
      cwd: this.root,
    }).then((r) => ({ exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) }));
  }

  /** One call on the node's control socket (what the CLI does, without starting a process). */
  control<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    return controlCall(join(this.dataDir, 'control.sock'), method, params) as Promise<T>;
  }

  status(): Promise<NodeStatus> {
    return this.control<NodeStatus>('getnodestatus');
  }

  module(name: string): Promise<ModuleDetails> {
    return this.control<ModuleDetails>('getmoduleinfo', { name });
  }

  /** Injects one fault into a module's live process (see docs/crash-recovery-testing.md). */
  inject(module: string, fault: FaultRequest['kind'], opts: Omit<FaultRequest, 'module' | 'kind'> = {}): Promise<FaultAck> {
    return this.control<FaultAck>('injectfault', { module, kind: fault, ...opts });
  }

  /** Runs a chaos scenario (TOML text) against this node and returns the recovery report. */
  async chaos(scenarioToml: string): Promise<RecoveryReport> {
    return runScenario(parseScenario(scenarioToml, 'scenario'), {
      socketPath: join(this.dataDir, 'control.sock'),
      configFile: this.configPath,
      dataDir: this.dataDir,
    });
  }

  /** The most recent node events (newest last), optionally only these types. */
  async events(types: string[] = [], last = 1000): Promise<EventItem[]> {
    const items: EventItem[] = [];
    await controlStream(join(this.dataDir, 'control.sock'), 'events', { types, last, follow: false }, (item) => {
      items.push(item as EventItem);
    });
    return items;
  }

  /** The last `n` lines a module wrote (from its log files). */
  logs(module: string, n = 100): Promise<string[]> {
    return readLogTail(join(this.dataDir, 'modules', module, 'logs'), 'output', n);
  }

  /** Polls module status until `predicate` holds; the error shows the last status and the daemon log. */
  async waitFor(name: string, predicate: (m: ModuleStatus) => boolean, baseTimeoutMs = 20_000): Promise<ModuleDetails> {
    const timeoutMs = scaledTimeout(baseTimeoutMs);
    const deadline = Date.now() + timeoutMs;
    let last: ModuleDetails | null = null;
    while (Date.now() < deadline) {
      last = await this.module(name).catch(() => null);
      if (last && predicate(last)) return last;
      await sleep(100);
    }
    throw new BlvmError('timeout', `module ${name} did not reach the expected state within ${timeoutMs} ms; last: ${JSON.stringify(last)}\n--- daemon log ---\n${this.output.slice(-4000)}`);
  }

  waitForPhase(name: string, phase: string, timeoutMs?: number): Promise<ModuleDetails> {
    return this.waitFor(name, (m) => m.phase === phase, timeoutMs);
  }

  /** Graceful stop (SIGTERM, like Ctrl-C); resolves with the daemon's exit code. */
  async stop(): Promise<number | null> {
    const daemon = this.daemon;
    if (!daemon) return null;
    daemon.kill('SIGTERM');
    const result = await daemon;
    this.daemon = null;
    return result.exitCode ?? null;
  }

  /** SIGKILL of the daemon itself: its modules are left behind for the next start to sweep. */
  async killDaemon(): Promise<void> {
    const daemon = this.daemon;
    if (!daemon) return;
    daemon.kill('SIGKILL');
    await daemon;
    this.daemon = null;
  }

  /** Stops the daemon, kills anything still recorded in its pid registry, removes the temp dir. */
  async destroy(): Promise<void> {
    if (this.daemon) {
      const exited = this.stop();
      const timer = setTimeout(() => this.daemon?.kill('SIGKILL'), 30_000);
      await exited.catch(() => {});
      clearTimeout(timer);
    }
    await stopRecordedDaemon(join(this.dataDir, 'blvm.pid'));
    await killRecordedGroups(join(this.dataDir, 'run', 'pids.json'));
    killStragglers(this.root);
    await rm(this.root, { recursive: true, force: true });
  }
}

// A daemon this object did not start itself (e.g. restarted by the node-kill fault).
async function stopRecordedDaemon(lockFile: string): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(lockFile, 'utf8').catch(() => null);
  if (!text) return;
  const { pid } = JSON.parse(text) as { pid: number };
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (alive() && Date.now() < deadline) await sleep(50);
  if (alive()) process.kill(pid, 'SIGKILL');
}

/**
 * Last line of defence for "tests leave nothing behind": any process still running from this
 * node's directory (e.g. a sandbox spawned in the last instant of a stop) is named and killed.
 */
function killStragglers(root: string): void {
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmdline.includes(`${root}/`)) continue;
    process.stderr.write(`blvm testing: killing a process left behind by the node in ${root}: pid ${pid} ${cmdline.replace(/\0/g, ' ').slice(0, 200)}\n`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

async function killRecordedGroups(file: string): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(file, 'utf8').catch(() => null);
  if (!text) return;
  const entries = (JSON.parse(text) as { entries?: { pgid: number }[] }).entries ?? [];
  for (const e of entries) {
    try {
      process.kill(-e.pgid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
