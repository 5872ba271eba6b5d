import test from 'ava';
import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/version.js';

/** Every fenced block of the doc whose info string names a file: ```js path/to/file */
async function docFiles(): Promise<Map<string, string>> {
  const doc = await readFile(join(PACKAGE_ROOT, 'docs', 'crash-recovery-testing.md'), 'utf8');
  const files = new Map<string, string>();
  for (const match of doc.matchAll(/```\w+ ([\w./-]+)\n([\s\S]*?)```/g)) files.set(match[1], match[2]);
  return files;
}

/** A new project that depends on blvm (and ava), holding the doc's files as written. */
async function authorProject(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'blvm-author-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'my-module-project', type: 'module', private: true }));
  await mkdir(join(dir, 'node_modules'));
  await symlink(PACKAGE_ROOT, join(dir, 'node_modules', 'blvm'));
  await symlink(join(PACKAGE_ROOT, 'node_modules', 'ava'), join(dir, 'node_modules', 'ava'));
  for (const [path, text] of await docFiles()) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  await chmod(join(dir, 'my-module', 'main.js'), 0o755);
  return dir;
}

test('the harness example of docs/crash-recovery-testing.md passes under node:test in a new project', async (t) => {
  const dir = await authorProject(t);
  const result = await execa('node', ['--test', 'recovery.test.mjs'], { cwd: dir, reject: false, timeout: 120_000 });
  t.is(result.exitCode, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /# pass 1/);
});

test('the ava variant of the harness example passes in a new project', async (t) => {
  const dir = await authorProject(t);
  const ava = join(PACKAGE_ROOT, 'node_modules', 'ava', 'entrypoints', 'cli.mjs');
  const result = await execa('node', [ava, 'recovery.ava.test.mjs'], { cwd: dir, reject: false, timeout: 120_000 });
  t.is(result.exitCode, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /1 test passed/);
});
