// An exit learned from /proc at the connection's close (the child a zombie not reaped yet) and
// an exit learned from the `exit` event give one and the same exit record (issue 19).
import { spawn } from 'node:child_process';
import test, { type ExecutionContext } from 'ava';
import { createLogger, type Logger } from '../../src/log/logger.js';
import { decodeWaitStatus, readProcStat, readZombieStatus } from '../../src/process/proc-stat.js';
import { decodeSandboxExit, descendantsOf } from '../../src/process/sandbox-child.js';
import type { ExitRecord } from '../../src/process/types.js';
import { bwrapPath, needBwrap, sandboxLayout, sandboxSpec } from '../sandbox/helpers.js';
import { startProcess, type Harness } from './actor-harness.js';
import { eventually, fixture, killAtTeardown, tempDir } from './helpers.js';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Waits for `pid` to be a zombie without letting the event loop turn (so Node cannot reap it
 * meanwhile), polling every millisecond; returns its wait status from /proc.
 */
function zombieStatusOf(pid: number, timeoutMs = 20_000): number {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = readZombieStatus(pid);
    if (status !== null) return status;
    if (Date.now() > deadline) throw new Error(`process ${pid} was not a zombie within ${timeoutMs} ms`);
    Atomics.wait(pause, 0, 0, 1);
  }
}

type Death = { name: string; args: string[]; command: string; signal?: NodeJS.Signals };

const DEATHS: Death[] = [
  { name: 'exit code 3', command: 'exit-with.js', args: ['3'] },
  { name: 'SIGKILL', command: 'sleeper.js', args: [], signal: 'SIGKILL' },
  { name: 'SIGTERM', command: 'sleeper.js', args: [], signal: 'SIGTERM' },
];

/** A process actor whose log lines are kept, in a sandbox or not. */
async function childOf(t: ExecutionContext, death: Death, sandboxed: boolean, logLines: string[]): Promise<Harness> {
  const log: Logger = createLogger({ level: 'debug', format: 'json', write: (line) => logLines.push(line) });
  if (!sandboxed) return startProcess(t, { command: fixture(death.command), args: death.args }, { log });
  const paths = await sandboxLayout(await tempDir(t, 'blvm-sandbox-'));
  return startProcess(t, { command: fixture(death.command), args: death.args, cwd: paths.workDir, sandbox: await sandboxSpec(paths) }, { log });
}

/**
 * Kills the child as `death` says (or lets it exit), waits while the loop is held until the
 * spawned child (bwrap, or the module itself) is a zombie, then reports its connection closed.
 */
async function dieThenHangUp(h: Harness, death: Death): Promise<number> {
  let leader = h.registry.entries()[0].pid;
  if (death.signal) {
    const { pid } = await h.spawned();
    await h.line(/^ready$/);
    leader = h.spec.sandbox ? readProcStat(pid)!.ppid : pid;
    process.kill(pid, death.signal);
  }
  zombieStatusOf(leader);
  h.ipc.expected[0].onClosed?.();
  return leader;
}

/** Once Node reaped the child, its `exit` event has come too (it is emitted at the reap). */
async function reaped(pid: number): Promise<void> {
  if (!(await eventually(() => readProcStat(pid) === null, 20_000))) throw new Error(`process ${pid} was not reaped`);
  await new Promise((resolve) => setImmediate(resolve));
}

const ended = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'module process ended');
const comparable = ({ at: _at, uptimeMs: _uptime, ...rest }: ExitRecord) => rest;

for (const death of DEATHS) {
  test.serial(`a sandboxed child that is a zombie when its socket closes is reported from /proc with the record the exit event gives: ${death.name} (issue 19)`, async (t) => {
    if (!(await needBwrap(t))) return;
    const sandboxedLog: string[] = [];
    const sandboxed = await childOf(t, death, true, sandboxedLog);
    const leader = await dieThenHangUp(sandboxed, death);
    const early = await sandboxed.exited();
    t.like(ended(sandboxedLog)[0], { statusFrom: 'proc' }, 'learned at the socket close');

    const plainLog: string[] = [];
    const plain = await childOf(t, death, false, plainLog);
    const plainPid = await dieThenHangUp(plain, death);
    const waited = await plain.exited();
    t.like(ended(plainLog)[0], { statusFrom: 'exit event' }, 'an unsandboxed zombie is left to the exit event');

    t.deepEqual(comparable(early), comparable(waited));
    t.like(early, death.signal ? { code: null, signal: death.signal, reason: 'crashed', byUs: false, detail: `killed by ${death.signal}` } : { code: 3, signal: null, reason: 'crashed', detail: 'exit code 3' });
    await reaped(leader);
    await reaped(plainPid);
    for (const [h, lines] of [[sandboxed, sandboxedLog], [plain, plainLog]] as const) {
      t.is(h.events.filter((e) => e.type === 'child.exited').length, 1, 'one child.exited, the exit event adding none');
      t.is(ended(lines).length, 1);
      t.false(lines.some((l) => l.includes('differs from the one waited for')), 'the status from /proc is the one waitpid returned');
    }
    await eventually(() => sandboxed.registry.entries().length === 0);
  });
}

test.serial('a sandboxed module that closes its socket and lives on is not reported dead, and its stop is its one exit (issue 19)', async (t) => {
  if (!(await needBwrap(t))) return;
  const lines: string[] = [];
  const h = await childOf(t, { name: 'lives on', command: 'sleeper.js', args: [] }, true, lines);
  await h.spawned();
  await h.line(/^ready$/);
  h.ipc.expected[0].onClosed?.();
  t.false(h.events.some((e) => e.type === 'child.exited'));
  h.send({ type: 'process.stop', reason: 'disconnected', graceful: false });
  t.like(await h.exited(), { reason: 'disconnected', byUs: true, signal: 'SIGTERM', detail: 'exited after SIGTERM' });
  t.is(h.events.filter((e) => e.type === 'child.exited').length, 1);
  await eventually(() => h.registry.entries().length === 0);
});

/** Spawns `command`, kills what `victim` names (if anything), and compares /proc's status of the zombie with Node's. */
async function statusesOf(t: ExecutionContext, command: string[], kill?: { signal: NodeJS.Signals; victim: (pid: number) => Promise<number> }) {
  const child = spawn(command[0], command.slice(1), { stdio: 'ignore', detached: true });
  killAtTeardown(t, child.pid!);
  const waited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  if (kill) process.kill(await kill.victim(child.pid!), kill.signal);
  const fromProc = decodeWaitStatus(zombieStatusOf(child.pid!));
  return { fromProc, waited: await waited };
}

/** The process `comm` below the bwrap leader, once it runs. */
async function inSandbox(leader: number, comm: string): Promise<number> {
  let found: number | undefined;
  await eventually(() => (found = descendantsOf(leader).find((pid) => readProcStat(pid)?.comm === comm)) !== undefined, 20_000);
  if (found === undefined) throw new Error(`no ${comm} below bwrap ${leader}`);
  return found;
}

test.serial('the wait status read from a zombie in /proc is the one Node reports, with and without bwrap (issue 19)', async (t) => {
  const itself = async (pid: number) => pid;
  t.deepEqual(await statusesOf(t, ['sh', '-c', 'exit 3']), { fromProc: { code: 3, signal: null }, waited: { code: 3, signal: null } });
  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    const got = await statusesOf(t, ['sleep', '60'], { signal, victim: itself });
    t.deepEqual(got, { fromProc: { code: null, signal }, waited: { code: null, signal } });
  }
  if (!(await needBwrap(t))) return;
  const bwrap = [await bwrapPath(), '--unshare-pid', '--die-with-parent', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev'];
  const exit3 = await statusesOf(t, [...bwrap, '--', 'sh', '-c', 'exit 3']);
  t.deepEqual(exit3, { fromProc: { code: 3, signal: null }, waited: { code: 3, signal: null } });
  for (const [signal, asPid1] of [['SIGKILL', false], ['SIGTERM', false], ['SIGKILL', true]] as const) {
    const got = await statusesOf(t, [...bwrap, ...(asPid1 ? ['--as-pid-1'] : []), '--', 'sleep', '60'], { signal, victim: (leader) => inSandbox(leader, 'sleep') });
    t.deepEqual(got.fromProc, got.waited, `${signal}${asPid1 ? ' as PID 1' : ''}`);
    t.deepEqual(decodeSandboxExit(got.fromProc!.code, got.fromProc!.signal), { code: null, signal }, 'bwrap reports the signal as 128 + n');
  }
});
