// `blvm start` run as the test's own child (not through IsolatedNode), for tests about what the
// command itself does with its arguments, log output and signals. Killed at teardown.
import type { ExecutionContext } from 'ava';
import { execa, type ResultPromise } from 'execa';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../src/version.js';
import { waitUntil } from '../../../src/testing/wait.js';

export interface ForegroundDaemon {
  process: ResultPromise<{ reject: false }>;
  /** Everything the daemon wrote to stderr so far. */
  stderr(): string;
  /** Waits until stderr holds `text`. */
  waitForLog(text: string): Promise<void>;
}

export function foregroundDaemon(t: ExecutionContext, configPath: string, args: string[] = []): ForegroundDaemon {
  const child = execa('node', [join(PACKAGE_ROOT, 'bin', 'blvm.js'), 'start', ...args, '--config', configPath], { reject: false });
  t.teardown(() => void child.kill('SIGKILL'));
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  return {
    process: child,
    stderr: () => err,
    waitForLog: async (text) => {
      await waitUntil(() => err.includes(text), { message: () => `the log line "${text}"; stderr so far: ${err.slice(-500)}` });
    },
  };
}
