// module.toml and blvm.toml files crafted to confuse or hang the CLI: invalid UTF-8, a FIFO,
// and nesting deep enough to overflow a recursive walk. Each is refused at once, naming the
// file and where in it (issue 13).
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { execa } from 'execa';
import { generatePrivateKey } from '../../src/trust/keys.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { tempDir } from '../trust/fixture.js';

const BIN = join(PACKAGE_ROOT, 'bin', 'blvm.js');
const HEAD = 'name = "hostile"\nversion = "1.0.0"\nentry_point = "main.js"\n';

interface Setup {
  dir: string;
  config: string;
  key: string;
  blvm(args: string[], config?: string): Promise<{ exitCode: number; stdout: string; stderr: string }>;
}

async function setup(t: ExecutionContext): Promise<Setup> {
  const root = await tempDir(t);
  const dir = join(root, 'hostile');
  await mkdir(dir);
  await writeFile(join(dir, 'main.js'), 'process.exit(0);\n', { mode: 0o755 });
  const config = join(root, 'blvm.toml');
  await writeFile(config, '[node]\ndata_dir = "data"\n\n[security]\nrequire_signatures = false\n');
  const key = join(root, 'maintainer.key');
  await writeFile(key, generatePrivateKey() + '\n', { mode: 0o600 });
  // A hang is the failure being tested: the 20 s limit turns it into a failed assertion.
  const blvm = async (args: string[], file = config) => {
    const r = await execa('node', [BIN, ...args, '--config', file], { reject: false, timeout: 20_000 });
    return { exitCode: r.timedOut ? -1 : (r.exitCode ?? -1), stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  return { dir, config, key, blvm };
}

const signArgs = (s: Setup) => ['module', 'sign', s.dir, '--key', s.key, '--name', 'tester'];

test('module.toml with invalid UTF-8 is refused by verify and sign, naming the file, byte offset and line (issue 13)', async (t) => {
  const s = await setup(t);
  const text = Buffer.concat([Buffer.from(`${HEAD}description = "caf`), Buffer.from([0xe9]), Buffer.from('"\n')]);
  await writeFile(join(s.dir, 'module.toml'), text);
  const verify = await s.blvm(['module', 'verify', s.dir]);
  t.is(verify.exitCode, 1, verify.stdout);
  t.true(verify.stdout.includes(`${join(s.dir, 'module.toml')}: invalid UTF-8 at byte offset ${HEAD.length + 18} (line 4)`), verify.stdout);
  const sign = await s.blvm(signArgs(s));
  t.is(sign.exitCode, 1);
  t.regex(sign.stderr, /module\.toml: invalid UTF-8 at byte offset \d+ \(line 4\)/);
});

test('the same text with U+FFFD written as valid UTF-8 is accepted: only undecodable bytes are refused', async (t) => {
  const s = await setup(t);
  await writeFile(join(s.dir, 'module.toml'), `${HEAD}description = "caf\uFFFD"\n`);
  const verify = await s.blvm(['module', 'verify', s.dir]);
  t.is(verify.exitCode, 0, verify.stdout);
});

test('a FIFO module.toml makes verify and sign fail at once instead of hanging (issue 13)', async (t) => {
  const s = await setup(t);
  execFileSync('mkfifo', [join(s.dir, 'module.toml')]);
  const verify = await s.blvm(['module', 'verify', s.dir]);
  t.is(verify.exitCode, 1, `verify hung or passed: ${verify.stdout}`);
  t.true(verify.stdout.includes(`${join(s.dir, 'module.toml')}: is not a regular file (a FIFO)`), verify.stdout);
  const sign = await s.blvm(signArgs(s));
  t.is(sign.exitCode, 1, `sign hung or passed: ${sign.stderr}`);
  t.regex(sign.stderr, /module\.toml: is not a regular file \(a FIFO\)/);
});

const dotted = (n: number): string => Array.from({ length: n }, () => 'k').join('.');

for (const [label, body] of [
  ['a 6000-deep dotted key', `[payment]\n${dotted(6000)} = 1\n`],
  ['6000 nested arrays', `[payment]\nx = ${'['.repeat(6000)}${']'.repeat(6000)}\n`],
  ['6000 nested inline tables', `[payment]\nx = ${'{ a = '.repeat(6000)}1${' }'.repeat(6000)}\n`],
  ['a 6000-segment table header', `[${dotted(6000)}]\nx = 1\n`],
] as const) {
  test(`module.toml with ${label} is refused by verify and sign with its line number, no stack overflow (issue 13)`, async (t) => {
    const s = await setup(t);
    await writeFile(join(s.dir, 'module.toml'), `${HEAD}description = "deep"\n${body}`);
    const verify = await s.blvm(['module', 'verify', s.dir]);
    t.is(verify.exitCode, 1, verify.stdout);
    t.regex(verify.stdout, /module\.toml:[56]: nested more than 64 levels deep/);
    t.notRegex(verify.stdout + verify.stderr, /Maximum call stack|RangeError/);
    const sign = await s.blvm(signArgs(s));
    t.is(sign.exitCode, 1);
    t.regex(sign.stderr, /module\.toml:[56]: nested more than 64 levels deep/);
  });
}

test('blvm.toml with a 6000-deep dotted key or nested arrays is refused naming the file and line (issue 13)', async (t) => {
  const s = await setup(t);
  await writeFile(join(s.dir, 'module.toml'), HEAD);
  for (const body of [`[modules.hostile]\n${dotted(6000)} = 1\n`, `[modules.hostile]\nx = ${'['.repeat(6000)}${']'.repeat(6000)}\n`]) {
    const file = join(s.dir, '..', 'deep.toml');
    await writeFile(file, `[node]\ndata_dir = "data"\n\n${body}`);
    for (const args of [['module', 'verify', s.dir], ['module', 'plan']]) {
      const result = await s.blvm(args, file);
      t.is(result.exitCode, 1, result.stdout);
      t.regex(result.stderr, /deep\.toml:5: invalid TOML: nested more than 64 levels deep/);
      t.notRegex(result.stderr, /Maximum call stack|RangeError/);
    }
    await rm(file);
  }
});

test('blvm.toml with invalid UTF-8 is refused naming the file and line', async (t) => {
  const s = await setup(t);
  await writeFile(join(s.dir, 'module.toml'), HEAD);
  await writeFile(s.config, Buffer.concat([Buffer.from('[node]\ndata_dir = "d'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n')]));
  const result = await s.blvm(['module', 'verify', s.dir]);
  t.is(result.exitCode, 1);
  t.regex(result.stderr, /blvm\.toml: invalid UTF-8 at byte offset 20 \(line 2\)/);
});
