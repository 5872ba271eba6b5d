// One module child process, from spawn to the single `child.exited` report. The child leads
// its own process group; every signal goes to the group, so grandchildren go with it. A
// sandboxed child is bwrap: the module runs in a group of its own inside the sandbox, which is
// then the group signalled, and the bwrap leader is killed only to end everything at once.
// A standby instance (warm spare) is the same child held at its handshake, its output in
// standby.log, until adopt() makes it the module's instance.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { nanoid } from 'nanoid';
import { errorText } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { ProcessActorDeps } from './actor-deps.js';
import { buildChildEnv } from './child-env.js';
import { STANDBY_ENV } from '../sdk/module-env.js';
import { exitRecordOf, type StopStep } from './exit-detail.js';
import { LineSplitter } from './line-splitter.js';
import { RotatingLog } from './log-writer.js';
import { ChildGroups } from './child-groups.js';
import { drainStreams } from './group-cleanup.js';
import { readStartTime, signalGroup } from './process-group.js';
import { waitForPid1Preload, waitForSandboxed } from './sandbox-child.js';
import { planSpawn, resolveCommand } from './spawn-command.js';
import type { ExitReason, ExitRecord, ProcessCommand, ProcessEvent, SpawnSpec } from './types.js';

/** How long stdout/stderr may stay open after the group is gone (a descriptor passed elsewhere). */
const DRAIN_MS = 1_000;
/** How long bwrap may take to start the module inside its sandbox. */
const SANDBOX_START_MS = 5_000;

export class ChildInstance {
  readonly instanceId = nanoid();
  private readonly token = nanoid(32);
  private readonly log: Logger;
  private output: RotatingLog;
  private readonly stdoutLines = new LineSplitter((line) => this.line(line));
  // stdout and stderr share one file (output.log) so their order is kept; stderr lines are prefixed.
  private readonly stderrLines = new LineSplitter((line) => this.line(`[stderr] ${line}`));
  private streams: Readable[] = [];
  private pid: number | null = null;
  private groups: ChildGroups | null = null;
  private sandboxed = false;
  private announced = false;
  private announcedPid: number | null = null;
  private spawnedAt = 0;
  /** Epoch ms of the spawn, for `child.spawned`. */
  private spawnedAtEpoch = 0;
  private exit: { code: number | null; signal: string | null; at: number; uptimeMs: number } | null = null;
  private stopReason: ExitReason | null = null;
  private step: StopStep = 'running';
  private injected: string | null = null;
  private ended = false;
  private disposed = false;
  private wake: (() => void) | null = null;
  /** Finding the module inside its sandbox; a stop waits for it so it signals the module, not bwrap. */
  private following: Promise<void> | null = null;
  /** The module found inside a sandbox as the namespace's PID 1 (its preload is awaited before a stop). */
  private pid1: number | null = null;
  /** Set by the first stop command: whether it starts with the shutdown request (a later forced stop clears it). */
  private graceful: boolean | null = null;
  /** Grace periods of the stop sequence: the spec's, until a reload gives new ones. */
  private stopGrace: number;
  private killGrace: number;

  constructor(
    private readonly spec: SpawnSpec,
    private readonly attempt: number,
    private readonly deps: ProcessActorDeps,
    private send: (event: ProcessEvent) => void,
    private standby = false,
  ) {
    this.log = deps.log.child({ module: spec.module, instanceId: this.instanceId });
    this.stopGrace = spec.stopGrace;
    this.killGrace = spec.killGrace;
    this.output = this.openLog(standby ? 'standby' : 'output');
  }

  private openLog(baseName: string): RotatingLog {
    const { spec } = this;
    return new RotatingLog({
      dir: spec.logDir,
      root: spec.logRoot,
      baseName,
      maxFileSize: Math.max(1, spec.logMaxFileSize),
      maxFiles: Math.max(1, spec.logMaxFiles),
      log: this.log,
    });
  }

  /**
   * The standby becomes the module's instance: its held hello is answered first (nothing the
   * spare sends back is read before this tick ends), then its events go to `send` and its
   * output to output.log.
   */
  adopt(send: (event: ProcessEvent) => void): void {
    if (!this.standby) return;
    this.deps.ipc.admit(this.instanceId);
    this.standby = false;
    this.send = send;
    const standbyLog = this.output;
    this.output = this.openLog('output');
    standbyLog.close().catch((err: unknown) => this.log.warn('standby log could not be closed', { error: errorText(err) }));
    this.output.note(`standby pid ${this.announcedPid ?? this.pid} admitted as the module's instance`);
    this.log.info('standby admitted as the module instance', { pid: this.announcedPid ?? this.pid });
    if (this.announced && this.announcedPid !== null) {
      send({ type: 'child.spawned', pid: this.announcedPid, instanceId: this.instanceId, at: this.spawnedAtEpoch });
    }
  }

  /** Spawns the child; any failure before it runs becomes a `spawn_failed` exit, never a throw. */
  start(): void {
    try {
      this.spawn();
    } catch (err) {
      if (this.pid === null) void this.endSpawnFailed(errorText(err));
      else this.log.error('module process setup failed after spawn', { error: errorText(err) });
    }
  }

  /** Stop and signal commands; errors are logged, since a throw here would fail the parent machine. */
  command(cmd: ProcessCommand): void {
    try {
      this.handle(cmd);
    } catch (err) {
      this.log.error('process command failed', { command: cmd.type, error: errorText(err) });
    }
  }

  private spawn(): void {
    const { spec } = this;
    this.deps.logSinks?.register(this.instanceId, (level, message) => this.line(`[log ${level}] ${message}`));
    this.deps.ipc.expect({
      module: spec.module,
      instanceId: this.instanceId,
      token: this.token,
      capabilities: spec.capabilities,
      pingInterval: spec.pingInterval,
      held: this.standby,
    });
    const env: Record<string, string> = buildChildEnv(spec, this.token);
    if (this.standby) env[STANDBY_ENV] = '1';
    const resolved = resolveCommand(spec.command, spec.cwd, env.PATH);
    if (!resolved.ok) return void this.endSpawnFailed(resolved.message);
    const plan = planSpawn(resolved.file, spec);
    if (plan.rlimits === 'unavailable') this.log.warn('prlimit not found, starting without rlimits', { rlimits: spec.rlimits });
    this.sandboxed = plan.sandboxed;
    // node:child_process directly: a detached child with two pipes needs nothing more, and a
    // wrapper's per-child promise chains cost the daemon memory per module (issue 19).
    let subprocess: ChildProcessByStdio<null, Readable, Readable>;
    try {
      subprocess = spawn(plan.file, plan.args, { cwd: spec.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      return void this.endSpawnFailed(errorText(err));
    }
    const pid = subprocess.pid;
    if (pid === undefined) {
      return void subprocess.once('error', (err) => this.endSpawnFailed(errorText(err)));
    }
    subprocess.on('error', (err) => this.log.error('module process error', { pid, error: errorText(err) }));
    this.pid = pid;
    this.groups = new ChildGroups(pid, plan.sandboxed);
    this.spawnedAt = performance.now();
    this.streams = [subprocess.stdout, subprocess.stderr];
    subprocess.stdout.on('data', (chunk: Buffer) => this.stdoutLines.push(chunk));
    subprocess.stderr.on('data', (chunk: Buffer) => this.stderrLines.push(chunk));
    subprocess.on('exit', (code, signal) => this.onExit(code, signal));
    this.register(pid);
    this.log.info(this.standby ? 'standby process started' : 'module process started', { pid, attempt: this.attempt, rlimits: plan.rlimits, sandboxed: plan.sandboxed });
    this.output.note(this.standby ? `started standby pid ${pid}` : `started pid ${pid} (attempt ${this.attempt})`);
    this.spawnedAtEpoch = Date.now();
    if (plan.sandboxed) this.following = this.followIntoSandbox(pid, plan.asPid1);
    else this.announce(pid);
  }

  /** `child.spawned`, once, before any `child.exited`. */
  private announce(pid: number): void {
    if (this.announced || this.disposed) return;
    this.announced = true;
    this.announcedPid = pid;
    this.send({ type: 'child.spawned', pid, instanceId: this.instanceId, at: this.spawnedAtEpoch });
  }

  /**
   * Finds the module inside the sandbox (milliseconds after the spawn, long before it can connect
   * and be ready), makes it the group signalled and announces it as the child's pid.
   */
  private async followIntoSandbox(leader: number, asPid1: boolean): Promise<void> {
    const giveUp = (): boolean => this.exit !== null || this.disposed;
    const inner = await waitForSandboxed(leader, SANDBOX_START_MS, giveUp, asPid1);
    if (this.exit || this.disposed || this.ended) return;
    if (!inner) {
      this.log.warn('module process inside the sandbox not found; signalling the bwrap leader', { pid: leader });
      return this.announce(leader);
    }
    this.groups?.setInner(inner.pgid);
    const entry = { module: this.spec.module, instanceId: this.instanceId, pid: inner.pid, pgid: inner.pgid, startTime: inner.startTime };
    this.deps.registry.add(entry).catch((err: unknown) => this.log.error('pid registry write failed', { error: errorText(err) }));
    this.output.note(`sandboxed: module pid ${inner.pid}, group ${inner.pgid} (bwrap pid ${leader})`);
    if (asPid1) this.pid1 = inner.pid;
    this.announce(inner.pid);
  }

  // As PID 1 the module only receives SIGTERM once its preload handles it. Checked when a stop
  // comes (one /proc read once it runs), not polled through every module's start (issue 19);
  // the wait ends, as ever, SANDBOX_START_MS after the spawn.
  private async pid1Preloaded(): Promise<void> {
    if (this.pid1 === null) return;
    const left = SANDBOX_START_MS - (performance.now() - this.spawnedAt);
    await waitForPid1Preload(this.pid1, left, () => this.exit !== null || this.disposed);
  }

  private handle(cmd: ProcessCommand): void {
    if (cmd.type === 'process.signal') return this.inject(cmd.signal);
    if (cmd.type === 'process.timing') return this.retime(cmd);
    // A stop that arrives after the child went by itself does not rewrite why it went.
    if (this.pid === null || this.exit) return;
    this.stopReason = cmd.reason;
    if (this.graceful === null) {
      this.graceful = cmd.graceful;
      this.runStop().catch((err: unknown) => this.log.error('stop failed', { error: errorText(err) }));
    } else if (!cmd.graceful) {
      this.graceful = false;
      if (this.step === 'shutdown') this.wake?.();
    }
  }

  /** New timings from a reload: a stop step not begun yet waits the new grace; liveness pings at the new interval. */
  private retime(cmd: Extract<ProcessCommand, { type: 'process.timing' }>): void {
    this.stopGrace = cmd.stopGrace;
    this.killGrace = cmd.killGrace;
    this.deps.ipc.setPingInterval(this.instanceId, cmd.pingInterval);
    this.log.info('module timings changed', { stopGrace: cmd.stopGrace, killGrace: cmd.killGrace, pingInterval: cmd.pingInterval });
  }

  /** Actor stopped: whatever still runs in the group is killed now, synchronously. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.wake?.();
    const groups = this.groups;
    if (groups === null) return;
    if (!this.exit) {
      this.stopReason ??= 'stopped';
      this.step = 'actor_stopped';
    }
    try {
      for (const pgid of groups.killAll(this.exit !== null)) this.log.info('module process group killed with its actor', { pgid });
    } catch (err) {
      this.log.error('could not kill the module process group', { pgid: groups.leader, error: errorText(err) });
    }
  }

  private register(pid: number): void {
    const startTime = readStartTime(pid);
    if (startTime === null) return;
    const entry = { module: this.spec.module, instanceId: this.instanceId, pid, pgid: pid, startTime };
    this.deps.registry.add(entry).catch((err: unknown) => this.log.error('pid registry write failed', { error: errorText(err) }));
  }

  private line(text: string): void {
    this.output.write(`${text}\n`);
    if (this.standby) return;
    try {
      this.deps.onOutput?.(this.spec.module, text);
    } catch (err) {
      this.log.debug('output listener failed', { error: errorText(err) });
    }
  }

  private inject(signal: NodeJS.Signals): void {
    if (this.pid === null || this.exit) return;
    this.injected = signal;
    this.log.info('signal injected into module process group', { signal });
    signalGroup(this.groups?.target ?? this.pid, signal);
  }

  /** Shutdown request (when graceful) → stopGrace → SIGTERM → killGrace → SIGKILL, to the group. */
  private async runStop(): Promise<void> {
    await this.following;
    await this.pid1Preloaded();
    if (this.exit || this.disposed) return;
    if (this.graceful) {
      this.step = 'shutdown';
      if (this.requestShutdown()) {
        if (await this.exitWithin(this.stopGrace)) return;
      } else {
        this.log.debug('no connection for a shutdown request, going to SIGTERM');
      }
    }
    if (this.exit || this.disposed) return;
    this.step = 'sigterm';
    signalGroup(this.groups?.target ?? (this.pid as number), 'SIGTERM');
    if (await this.exitWithin(this.killGrace)) return;
    if (this.exit || this.disposed) return;
    this.step = 'sigkill';
    this.log.warn('module ignored SIGTERM, sending SIGKILL', { killGrace: this.killGrace });
    this.groups?.killAll();
  }

  /** A failing IPC layer must not stall the stop: it only skips the polite step. */
  private requestShutdown(): boolean {
    try {
      return this.deps.ipc.sendShutdown(this.instanceId, this.stopReason ?? 'stopped');
    } catch (err) {
      this.log.warn('shutdown request failed', { error: errorText(err) });
      return false;
    }
  }

  /** True once the child has exited; false after `ms`, or early when woken (escalation, dispose). */
  private exitWithin(ms: number): Promise<boolean> {
    if (this.exit) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve(this.exit !== null);
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exit) return;
    this.exit = { code, signal, at: Date.now(), uptimeMs: Math.round(performance.now() - this.spawnedAt) };
    this.wake?.();
    this.end().catch((err: unknown) => this.log.error('exit handling failed', { error: errorText(err) }));
  }

  private async end(): Promise<void> {
    if (this.ended || !this.exit) return;
    this.ended = true;
    const survivors = (await this.groups?.killSurvivors(this.log)) ?? 0;
    await drainStreams(this.streams, DRAIN_MS);
    this.stdoutLines.end();
    this.stderrLines.end();
    const exit = exitRecordOf(this.exit, {
      stopReason: this.stopReason,
      step: this.step,
      killGrace: this.killGrace,
      injected: this.injected,
      survivors,
      sandboxed: this.sandboxed,
    });
    // The exit line is queued before the exit is reported and reaches output.log after it: the
    // report waits for no disk write, and the next writer of the file writes after this one (issue 19).
    this.output.note(`${exit.reason}: ${exit.detail ?? ''}`);
    this.deps.ipc.forget(this.instanceId);
    this.deps.logSinks?.forget(this.instanceId);
    this.log.info('module process ended', { ...exit });
    this.announce(this.pid as number);
    if (!this.disposed) this.send({ type: 'child.exited', instanceId: this.instanceId, exit });
    // Book-keeping of a process that is gone: it need not hold up the report (a spare waits for it).
    this.deps.registry.remove(this.instanceId).catch((err: unknown) => this.log.error('pid registry write failed', { error: errorText(err) }));
    await this.output.close();
  }

  private async endSpawnFailed(detail: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.log.warn('module process could not be started', { command: this.spec.command, detail });
    this.output.note(`spawn_failed: ${detail}`);
    await this.output.close();
    this.deps.ipc.forget(this.instanceId);
    this.deps.logSinks?.forget(this.instanceId);
    const exit: ExitRecord = { code: null, signal: null, reason: 'spawn_failed', byUs: false, uptimeMs: 0, at: Date.now(), detail };
    if (!this.disposed) this.send({ type: 'child.exited', instanceId: this.instanceId, exit });
  }
}
