// Teardown that runs even when a step throws or the run is interrupted: every daemon and
// child a benchmark starts registers its stop here, and a final sweep kills by temp path.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killProcessesMentioning } from './process-sweep.js';

type Task = () => Promise<void>;
const tasks: Task[] = [];
const runDirs: string[] = [];
let running: Promise<void> | null = null;

/** Registers a stop action; the returned function runs it now and unregisters it. */
export function onCleanup(task: Task): () => Promise<void> {
  tasks.push(task);
  return async () => {
    const i = tasks.indexOf(task);
    if (i >= 0) tasks.splice(i, 1);
    await task();
  };
}

/** A temp dir for one benchmark run; anything still running with it in its command line is killed at the end. */
export async function makeRunDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `blvm-bench-${prefix}-`));
  runDirs.push(dir);
  return dir;
}

/** Stops everything registered (newest first), sweeps leftovers, removes the run dirs. */
export function runCleanups(): Promise<void> {
  running ??= (async () => {
    for (const task of tasks.splice(0).reverse()) {
      await task().catch((error) => console.error(`cleanup step failed: ${String(error)}`));
    }
    for (const dir of runDirs.splice(0)) {
      const killed = await killProcessesMentioning(dir);
      if (killed.length > 0) console.error(`killed ${killed.length} leftover process(es) of ${dir}`);
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return running;
}

// Ctrl-C or a SIGTERM from run-all: tear down, then exit with the conventional code. Repeated
// signals (Ctrl-C reaches run-all and its child, run-all forwards one more) only wait for it.
export function installSignalCleanup(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (running === null) console.error(`\n${signal}: stopping every daemon and child of this benchmark`);
      void runCleanups().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}

/** Runs a benchmark body with the signal handlers installed and the cleanup guaranteed. */
export async function withCleanup(body: () => Promise<void>): Promise<void> {
  installSignalCleanup();
  try {
    await body();
  } catch (error) {
    process.exitCode = 1;
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  } finally {
    await runCleanups();
  }
}
