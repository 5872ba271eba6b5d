// The registry as an operator runs it: `blvm registry publish` and `blvm registry serve` as
// real child processes of the built CLI, stopped with the test.
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { execa } from 'execa';
import { PACKAGE_ROOT } from '../../../src/version.js';
import type { KeyPair } from './world.js';

export const BIN = join(PACKAGE_ROOT, 'bin', 'blvm.js');

export async function cliPublish(t: ExecutionContext, moduleDir: string, registryDir: string, key: KeyPair): Promise<string> {
  const result = await execa('node', [BIN, 'registry', 'publish', moduleDir, '--registry', registryDir, '--key', key.file], { reject: false });
  t.is(result.exitCode, 0, String(result.stderr));
  return String(result.stdout);
}

/** Starts `blvm registry serve DIR --listen 127.0.0.1:0` and resolves with the URL it prints. */
export async function cliServe(t: ExecutionContext, registryDir: string): Promise<string> {
  return (await cliServeStoppable(t, registryDir)).url;
}

/** Like cliServe, with `stop()` to end the server before the test does (idempotent). */
export async function cliServeStoppable(t: ExecutionContext, registryDir: string, listen = '127.0.0.1:0'): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = execa('node', [BIN, 'registry', 'serve', registryDir, '--listen', listen], { reject: false });
  const stop = async () => {
    child.kill('SIGTERM');
    await child;
  };
  t.teardown(stop);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`blvm registry serve printed no URL within 20 s: ${out}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^serving .* at (http:\/\/\S+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void child.then((r) => {
      clearTimeout(timer);
      reject(new Error(`blvm registry serve exited (${r.exitCode}): ${String(r.stderr)}`));
    });
  });
  return { url, stop };
}
