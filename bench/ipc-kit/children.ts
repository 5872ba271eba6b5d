// Child processes of a benchmark: started with a JSON-line stdout protocol, all killed and
// the temp dir removed when the benchmark ends, even on failure or SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../src/log/logger.js';

export interface Child {
  proc: ChildProcess;
  /** Resolves with the first stdout line that parses as JSON and matches. */
  line<T = Record<string, unknown>>(match?: (value: T) => boolean): Promise<T>;
}

const live = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];

export function startChild(args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  live.add(proc);
  proc.once('exit', () => live.delete(proc));
  const values: unknown[] = [];
  const waiters: { match: (v: unknown) => boolean; resolve: (v: unknown) => void; reject: (e: Error) => void }[] = [];
  let partial = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    let nl: number;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const text = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue;
      }
      const i = waiters.findIndex((w) => w.match(value));
      if (i >= 0) waiters.splice(i, 1)[0].resolve(value);
      else values.push(value);
    }
  });
  proc.once('close', (code, signal) => {
    for (const w of waiters.splice(0)) w.reject(new Error(`child exited (${signal ?? code}) before answering`));
  });
  return {
    proc,
    line: <T>(match: (value: T) => boolean = () => true) =>
      new Promise<T>((resolve, reject) => {
        const i = values.findIndex((v) => match(v as T));
        if (i >= 0) return resolve(values.splice(i, 1)[0] as T);
        waiters.push({ match: match as (v: unknown) => boolean, resolve: resolve as (v: unknown) => void, reject });
      }),
  };
}

export async function benchDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export function onCleanup(fn: () => Promise<void>): void {
  cleanups.push(fn);
}

/** Kills every child still running and runs the cleanups (latest first). */
export async function cleanupAll(): Promise<void> {
  for (const proc of live) proc.kill('SIGKILL');
  await Promise.all([...live].map((proc) => new Promise((resolve) => proc.once('exit', resolve))));
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {});
}

/** Runs the benchmark body and always cleans up; SIGTERM/SIGINT clean up too. */
export async function runBench(body: () => Promise<void>): Promise<void> {
  const onSignal = (): void => {
    void cleanupAll().finally(() => process.exit(130));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    await body();
  } catch (error) {
    console.error(`benchmark failed: ${(error as Error).stack ?? error}`);
    process.exitCode = 1;
  } finally {
    await cleanupAll();
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

/** A silent logger for the node-side pieces a benchmark runs in-process. */
export const quietLog: Logger = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => quietLog,
};
