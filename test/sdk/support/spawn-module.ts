// Runs a TypeScript fixture module as a real child process, killed if a test leaves it running.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunningModule {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once stdout contains the text. */
  waitFor: (text: string) => Promise<void>;
}

export function spawnModule(t: ExecutionContext, fixture: string, env: Record<string, string>): RunningModule {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners: (() => void)[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const l of [...listeners]) l();
  });
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const waitFor = (text: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (!out.includes(text)) return;
        listeners.splice(listeners.indexOf(check), 1);
        resolve();
      };
      listeners.push(check);
      void exited.then(() => {
        if (!out.includes(text)) reject(new Error(`module exited before printing "${text}"; stderr: ${err}`));
      });
      check();
    });
  return { child, stdout: () => out, stderr: () => err, exited, waitFor };
}
