import test from 'ava';
import { execa } from 'execa';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/version.js';

const BIN = join(PACKAGE_ROOT, 'bin', 'blvm.js');
const SHIPPED = join(PACKAGE_ROOT, 'blvm.toml');
const blvm = (args: string[]) => execa('node', [BIN, ...args], { reject: false, cwd: PACKAGE_ROOT });

const bundled = (await readdir(join(PACKAGE_ROOT, 'modules'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);

test('every bundled module verifies with the shipped blvm.toml', async (t) => {
  t.true(bundled.length >= 2);
  for (const name of bundled) {
    const result = await blvm(['module', 'verify', join('modules', name), '--config', SHIPPED]);
    t.is(result.exitCode, 0, `${name}: ${result.stdout}\n${result.stderr}`);
  }
});

test('a copy of a bundled module with one flipped byte fails verification naming the file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'blvm-flip-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const copy = join(dir, bundled[0]);
  await cp(join(PACKAGE_ROOT, 'modules', bundled[0]), copy, { recursive: true });
  const entry = join(copy, 'main.js');
  const bytes = await readFile(entry);
  bytes[bytes.length - 2] ^= 0x01;
  await writeFile(entry, bytes);
  const result = await blvm(['module', 'verify', copy, '--config', SHIPPED]);
  t.is(result.exitCode, 1);
  t.regex(result.stdout + result.stderr, /main\.js/);
  t.regex(result.stdout + result.stderr, /hash mismatch/);
});

test('the shipped plan loads the bundled modules in dependency order', async (t) => {
  const result = await blvm(['module', 'plan', '--json', '--config', SHIPPED]);
  t.is(result.exitCode, 0, result.stderr);
  const plan = JSON.parse(result.stdout) as { order: string[]; modules: { name: string; verdict: string; requires: string[] }[] };
  t.deepEqual([...plan.order].sort(), [...bundled].sort());
  for (const m of plan.modules) {
    t.is(m.verdict, 'loadable');
    for (const dep of m.requires) t.true(plan.order.indexOf(dep) < plan.order.indexOf(m.name), `${dep} before ${m.name}`);
  }
  t.true(plan.modules.some((m) => m.requires.length > 0), 'at least one bundled module requires another');
});

test('blvm --help works and a malformed config gives a message, not a stack trace', async (t) => {
  const help = await blvm(['--help']);
  t.is(help.exitCode, 0);
  t.regex(help.stdout, /blvm module verify/);
  const dir = await mkdtemp(join(tmpdir(), 'blvm-badcfg-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'blvm.toml'), '[supervision]\nmax_delay = 30\n[node\n');
  const bad = await blvm(['module', 'plan', '--config', join(dir, 'blvm.toml')]);
  t.is(bad.exitCode, 1);
  t.regex(bad.stderr, /blvm\.toml/);
  t.notRegex(bad.stderr, /\n\s+at /);
  const usage = await blvm(['module', 'info']);
  t.is(usage.exitCode, 2);
});
