// A blvm daemon for the benchmarks: defaults of blvm.toml except unsigned modules allowed
// and the inspector off, plus what the caller adds. Polled over the control socket in-process
// (no CLI processes competing for the CPU while it is measured).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { controlCall } from '../../src/control/control-client.js';
import type { ModuleStatus } from '../../src/supervision/status-types.js';
import { controlSocketPath } from '../../src/supervision/module-paths.js';
import { DAEMON_ENV, DAEMON_NODE_FLAGS } from '../../src/daemon/daemon-node-flags.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { onCleanup } from './cleanup.js';

const BIN = join(PACKAGE_ROOT, 'bin', 'blvm.js');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class BlvmNode {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private unregister: (() => Promise<void>) | null = null;

  private constructor(
    readonly root: string,
    private readonly configPath: string,
  ) {}

  get dataDir(): string {
    return join(this.root, 'data');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** `security` replaces the [security] table (default: unsigned modules allowed). */
  static async create(root: string, extraConfig = '', security = '[security]\nrequire_signatures = false\n'): Promise<BlvmNode> {
    await mkdir(join(root, 'modules'), { recursive: true });
    const configPath = join(root, 'blvm.toml');
    const config = [
      '[node]\ndata_dir = "data"\n',
      '[modules]\nmodules_dir = "modules"\n',
      security,
      '[inspector]\nenabled = false\n',
      extraConfig,
    ];
    await writeFile(configPath, config.join('\n'));
    return new BlvmNode(root, configPath);
  }

  /** Adds a module whose entry point (main.js) is `source`. */
  async addModule(name: string, source: string): Promise<void> {
    const dir = join(this.root, 'modules', name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'module.toml'), `name = "${name}"\nversion = "1.0.0"\nentry_point = "main.js"\ncapabilities = []\n`);
    await writeFile(join(dir, 'main.js'), `#!/usr/bin/env node\n${source}`, { mode: 0o755 });
  }

  /** Spawns `blvm start` (with `nodeFlags` after the daemon's own); returns Date.now() taken just before the spawn. */
  async start(nodeFlags: readonly string[] = []): Promise<number> {
    const log = await open(join(this.root, 'daemon.log'), 'a');
    const startedAt = Date.now();
    const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, ...nodeFlags, BIN, 'start', '--config', this.configPath], { cwd: this.root, env: { ...process.env, ...DAEMON_ENV }, stdio: ['ignore', log.fd, log.fd] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => log.close());
    this.unregister = onCleanup(() => this.stopNow());
    return startedAt;
  }

  async list(): Promise<ModuleStatus[]> {
    return (await controlCall(controlSocketPath(this.dataDir), 'listmodules', undefined, { timeoutMs: 10_000 })) as ModuleStatus[];
  }

  /** Waits until the control socket answers. */
  async waitAnswering(timeoutMs = 20_000): Promise<void> {
    await this.poll(async () => (await this.list(), true), timeoutMs, 'answer on its control socket');
  }

  /** Polls the module list until `predicate` holds, every `intervalMs`. */
  async waitModules(predicate: (modules: ModuleStatus[]) => boolean, timeoutMs: number, intervalMs = 50): Promise<ModuleStatus[]> {
    let last: ModuleStatus[] = [];
    await this.poll(async () => predicate((last = await this.list())), timeoutMs, 'reach the expected module states', intervalMs);
    return last;
  }

  private async poll(check: () => Promise<boolean>, timeoutMs: number, what: string, intervalMs = 50): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child && (this.child.exitCode !== null || this.child.signalCode !== null)) throw new Error(`blvm start exited early:\n${await this.logTail()}`);
      if (await check().catch(() => false)) return;
      await sleep(intervalMs);
    }
    throw new Error(`blvm did not ${what} within ${timeoutMs} ms:\n${await this.logTail()}`);
  }

  async logTail(): Promise<string> {
    return (await readFile(join(this.root, 'daemon.log'), 'utf8').catch(() => '')).slice(-3000);
  }

  /** Graceful stop (SIGTERM), SIGKILL after 30 s, then any module group still in the pid registry. */
  async stop(): Promise<void> {
    await this.unregister?.();
    this.unregister = null;
  }

  private async stopNow(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await this.exited;
      clearTimeout(timer);
    }
    this.child = null;
    await killRecordedGroups(join(this.dataDir, 'run', 'pids.json'));
  }
}

async function killRecordedGroups(file: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (!text) return;
  for (const e of (JSON.parse(text) as { entries?: { pgid: number }[] }).entries ?? []) {
    try {
      process.kill(-e.pgid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}
