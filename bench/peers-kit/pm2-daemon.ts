// PM2 (the dev dependency) with its own God daemon in a temp PM2_HOME, running the trivial
// program in fork mode with its fastest restart settings.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../src/version.js';
import { onCleanup } from './cleanup.js';
import { isAlive } from './process-sweep.js';
import type { PeerSupervisor } from './peer-supervisor.js';

const run = promisify(execFile);
const PM2 = join(PACKAGE_ROOT, 'node_modules', '.bin', 'pm2');

export const PM2_SETTINGS = 'fork mode, autorestart, restart_delay 0, min_uptime 0, max_restarts 1e6';

/** "PM2 7.0.4", from the installed package. */
export const PM2_LABEL = `PM2 ${(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'node_modules', 'pm2', 'package.json'), 'utf8')) as { version: string }).version}`;

export class Pm2Daemon implements PeerSupervisor {
  readonly label = PM2_LABEL;
  private godPid = 0;
  private unregister: (() => Promise<void>) | null = null;

  constructor(private readonly dir: string) {}

  private get home(): string {
    return join(this.dir, 'pm2-home');
  }

  private async cli(args: string[]): Promise<void> {
    await run(PM2, args, { env: { ...process.env, PM2_HOME: this.home }, timeout: 120_000, maxBuffer: 64 << 20 });
  }

  /** Starts the God daemon, then `count` copies of the program (all at once, from one ecosystem file). */
  async launch(count: number, programPath: string, socketPath: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.unregister = onCleanup(() => this.kill());
    await this.cli(['ping']);
    this.godPid = Number(await readFile(join(this.home, 'pm2.pid'), 'utf8'));
    if (count === 0) return;
    const apps = Array.from({ length: count }, (_, i) => ({
      name: `p${i}`,
      script: programPath,
      exec_mode: 'fork',
      autorestart: true,
      restart_delay: 0,
      min_uptime: 0,
      max_restarts: 1_000_000,
      env: { BENCH_SOCKET: socketPath },
    }));
    const file = join(this.dir, 'ecosystem.config.cjs');
    await writeFile(file, `module.exports = ${JSON.stringify({ apps }, null, 1)};\n`);
    await this.cli(['start', file]);
  }

  daemonPid(): number {
    return this.godPid;
  }

  async stop(): Promise<void> {
    await this.unregister?.();
    this.unregister = null;
  }

  private async kill(): Promise<void> {
    await this.cli(['kill']).catch((error) => console.error(`pm2 kill failed: ${String(error)}`));
    if (this.godPid && isAlive(this.godPid)) process.kill(this.godPid, 'SIGKILL');
  }
}
