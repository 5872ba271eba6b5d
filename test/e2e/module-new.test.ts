import test from 'ava';
import { execa } from 'execa';
import { appendFile, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { DEVELOPMENT_KEYS } from '../../src/trust/development-keys.js';
import { PACKAGE_ROOT } from '../../src/version.js';

const SIGNED = `[security]
require_signatures = true
signature_threshold = "2-of-3"
trusted_maintainers = [
${DEVELOPMENT_KEYS.map((k) => `  { name = "${k.name}", public_key = "${k.public_key}" },`).join('\n')}
]
`;

// Runs one printed command as an operator would type it, with `blvm` on PATH.
async function shell(node: IsolatedNode, line: string): Promise<{ exitCode: number; output: string }> {
  const bin = join(node.root, 'bin');
  const result = await execa('sh', ['-c', line], {
    cwd: node.root,
    env: { PATH: `${bin}:${process.env.PATH}` },
    reject: false,
    all: true,
    timeout: 120_000,
  });
  return { exitCode: result.exitCode ?? 1, output: String(result.all) };
}

for (const lang of ['js', 'python', 'ts']) {
  test(`blvm module new (${lang}) prints next steps that, followed verbatim, end with the module in monitoring (issue 20)`, async (t) => {
    const node = await IsolatedNode.create({ security: SIGNED });
    t.teardown(() => node.destroy());
    await mkdir(join(node.root, 'bin'));
    await symlink(join(PACKAGE_ROOT, 'bin', 'blvm.js'), join(node.root, 'bin', 'blvm'));
    const created = await shell(node, `blvm module new demo --lang ${lang} --config blvm.toml`);
    t.is(created.exitCode, 0, created.output);
    t.regex(created.output, /this node wants 2 signatures \(signature_threshold = "2-of-3"/);
    const steps = created.output.split('\n').filter((line) => line.startsWith('       ')).map((line) => line.trim());
    const sign = steps.findIndex((s) => s.startsWith('blvm module sign'));
    t.true(sign >= 0, created.output);
    if (lang === 'ts') t.regex(steps.slice(0, sign).join('\n'), /\/tsc -p modules\/demo && chmod 755 modules\/demo\/main\.js/, 'the build comes before signing');
    t.is(steps.at(-2), 'blvm module load demo --config blvm.toml');
    let last = '';
    for (const step of steps) {
      const ran = await shell(node, step);
      t.is(ran.exitCode, 0, `${step}\n${ran.output}`);
      last = ran.output;
    }
    t.regex(last, /phase:?\s+monitoring/i);
    t.is((await node.module('demo')).phase, 'monitoring');
  });
}

test('blvm module new refuses a bad name, an unknown language and an existing directory', async (t) => {
  const node = await IsolatedNode.create({ start: false });
  t.teardown(() => node.destroy());
  t.regex((await node.cli(['module', 'new', 'Demo'])).stderr, /"Demo" is not a module name/);
  t.regex((await node.cli(['module', 'new', 'demo', '--lang', 'cobol'])).stderr, /--lang: expected one of js, python, ts, got "cobol"/);
  t.is((await node.cli(['module', 'new', 'demo'])).exitCode, 0);
  const again = await node.cli(['module', 'new', 'demo']);
  t.is(again.exitCode, 1);
  t.regex(again.stderr, /modules\/demo already exists/);
});

test('the printed build of a ts module type-checks src/main.ts against the blvm/sdk types (issue 20)', async (t) => {
  const node = await IsolatedNode.create({ start: false });
  t.teardown(() => node.destroy());
  const created = await node.cli(['module', 'new', 'demo', '--lang', 'ts']);
  t.is(created.exitCode, 0, created.stderr);
  const build = created.stdout.split('\n').map((line) => line.trim()).find((line) => line.includes('/tsc -p '));
  t.truthy(build, created.stdout);
  await appendFile(join(node.root, 'modules', 'demo', 'src', 'main.ts'), "await node.ready('now');\n");
  const failed = await shell(node, build!);
  t.not(failed.exitCode, 0, failed.output);
  t.regex(failed.output, /src\/main\.ts\(\d+,\d+\): error TS2554: Expected 0 arguments, but got 1/);
});
