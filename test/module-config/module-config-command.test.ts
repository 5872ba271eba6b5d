import test from 'ava';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/commands/module-config.js';
import type { CliIo } from '../../src/cli/io.js';
import { loadConfig } from '../../src/config/load-config.js';

async function nodeDir(t: import('ava').ExecutionContext, nodeToml: string, moduleToml: string, configToml?: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'blvm-module-config-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const dir = join(root, 'modules', 'greeter');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'module.toml'), `name = "greeter"\nversion = "1.0.0"\nentry_point = "main.js"\n${moduleToml}`);
  await writeFile(join(dir, 'main.js'), '#!/usr/bin/env node\n', { mode: 0o755 });
  if (configToml !== undefined) await writeFile(join(dir, 'config.toml'), configToml);
  await writeFile(join(root, 'blvm.toml'), `[node]\ndata_dir = "data"\ndatabase_backend = "sqlite"\n[modules]\nmodules_dir = "modules"\n${nodeToml}`);
  return root;
}

async function cli(root: string, args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIo = {
    stdout: (s) => void (out += s),
    stderr: (s) => void (out += s),
    config: () => loadConfig({ flag: join(root, 'blvm.toml'), env: {}, cwd: root }),
    isTty: false,
  };
  const code = await run(args, io);
  return { code, out };
}

const SCHEMA = '[config_schema]\ncolour = { type = "string", default = "blue" }\ncount = { type = "integer" }\n';

test('module config works without a daemon and gives each key its source', async (t) => {
  const root = await nodeDir(t, '[modules.greeter]\ncount = 7\nmax_memory = "64MiB"\n', SCHEMA, 'count = 3\nname = "g"\n');
  const { code, out } = await cli(root, ['greeter', '--json']);
  t.is(code, 0, out);
  const report = JSON.parse(out) as { values: Record<string, unknown>; sources: Record<string, string>; file: string };
  t.deepEqual(report.values, { colour: 'blue', count: 7, name: 'g', database_backend: 'sqlite' });
  t.deepEqual(report.sources, { colour: 'default', count: 'node', name: 'module', database_backend: 'inherited' });
  t.is(report.file, join(root, 'data', 'modules', 'greeter', 'run', 'config.json'));
});

test('module config prints a table and exits 1 naming the key when the schema is broken', async (t) => {
  const root = await nodeDir(t, '[modules.greeter]\ncount = "many"\n', SCHEMA);
  const { code, out } = await cli(root, ['greeter']);
  t.is(code, 1);
  t.regex(out, /KEY +VALUE +SOURCE/);
  t.regex(out, /colour +"blue" +default \(the \[config_schema\] default\)/);
  t.regex(out, /- count: expected integer \(\[config_schema\]\), got "many" \(string\) from \[modules\.greeter\] of the node config/);
});

test('module config without exactly one name is a usage error', async (t) => {
  const root = await nodeDir(t, '', '');
  await t.throwsAsync(() => cli(root, []), { message: /usage: blvm module config <name> \[--json\]/ });
});
