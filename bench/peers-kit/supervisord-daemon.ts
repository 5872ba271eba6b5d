// supervisord (Debian package `supervisor`) on a temp config, in the foreground (-n) as our
// child, running the trivial program with its fastest restart settings.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, open, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onCleanup } from './cleanup.js';
import type { PeerSupervisor } from './peer-supervisor.js';

const run = promisify(execFile);

export const SUPERVISORD_SETTINGS = 'autorestart=true, startsecs=0, startretries=1000000';

/** The supervisord executable on PATH, or null when the package is not installed. */
export function findSupervisord(): string | null {
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    const file = join(dir, 'supervisord');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

function programSection(i: number, programPath: string, socketPath: string): string {
  return [
    `[program:p${i}]`,
    `command=${process.execPath} ${programPath}`,
    `environment=BENCH_SOCKET="${socketPath}"`,
    'autorestart=true',
    'startsecs=0',
    'startretries=1000000',
    '',
  ].join('\n');
}

/** "supervisord 4.2.5". */
export async function supervisordLabel(bin: string): Promise<string> {
  return `supervisord ${(await run(bin, ['--version'])).stdout.trim()}`;
}

export class Supervisord implements PeerSupervisor {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private unregister: (() => Promise<void>) | null = null;

  constructor(
    readonly label: string,
    private readonly bin: string,
    private readonly dir: string,
  ) {}

  async launch(count: number, programPath: string, socketPath: string): Promise<void> {
    const logs = join(this.dir, 'supervisor-logs');
    await mkdir(logs, { recursive: true });
    const pidfile = join(this.dir, 'supervisord.pid');
    const conf = join(this.dir, 'supervisord.conf');
    const sections = [
      `[unix_http_server]\nfile=${join(this.dir, 'supervisor.sock')}\n`,
      `[supervisord]\nlogfile=${join(logs, 'supervisord.log')}\npidfile=${pidfile}\nchildlogdir=${logs}\nnodaemon=true\nloglevel=warn\n`,
      '[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n',
      ...Array.from({ length: count }, (_, i) => programSection(i, programPath, socketPath)),
    ];
    await writeFile(conf, sections.join('\n'));
    const out = await open(join(this.dir, 'supervisord.out'), 'a');
    const child = spawn(this.bin, ['-c', conf, '-n'], { cwd: this.dir, stdio: ['ignore', out.fd, out.fd] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => out.close());
    this.unregister = onCleanup(() => this.kill());
    await waitForFile(pidfile, child, 20_000);
  }

  daemonPid(): number {
    return this.child?.pid ?? 0;
  }

  async stop(): Promise<void> {
    await this.unregister?.();
    this.unregister = null;
  }

  // SIGTERM makes supervisord stop every program (TERM, then KILL after stopwaitsecs) and exit.
  private async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
  }
}

async function waitForFile(file: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`supervisord exited early with code ${child.exitCode}`);
    if (await stat(file).then(() => true, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`supervisord did not write ${file} within ${timeoutMs} ms`);
}
