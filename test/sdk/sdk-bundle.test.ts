// `blvm/sdk` is built into one file (npm run build) so that a module's import of it reads one
// file of this package instead of ~30 (issue 19). These tests run the built package.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';
import { PACKAGE_ROOT } from '../../src/version.js';

const run = promisify(execFile);

// A loader hook that prints every module URL the process resolves, one per line.
const HOOKS = `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  console.log('resolved ' + result.url);
  return result;
}`;

/** Every URL resolved while a process in the package root runs `source` as an ES module. */
async function resolvedUrls(t: { teardown(fn: () => Promise<void>): void }, source: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'blvm-sdk-bundle-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'hooks.mjs'), HOOKS);
  await writeFile(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
  const { stdout } = await run(process.execPath, ['--import', join(dir, 'register.mjs'), '--input-type=module', '-e', source], { cwd: PACKAGE_ROOT, timeout: 60_000 });
  return stdout.split('\n').filter((line) => line.startsWith('resolved ')).map((line) => line.slice('resolved '.length));
}

test('importing blvm/sdk loads one file of the package and node built-ins only, no database driver (issue 19)', async (t) => {
  const urls = await resolvedUrls(t, `const sdk = await import('blvm/sdk'); if (typeof sdk.connect !== 'function') process.exit(3);`);
  t.deepEqual(urls.filter((url) => !url.startsWith('node:')), [pathToFileURL(join(PACKAGE_ROOT, 'dist', 'sdk.js')).href]);
});
