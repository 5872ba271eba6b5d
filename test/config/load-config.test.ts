import test from 'ava';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, resolveConfigPath } from '../../src/config/index.js';
import { BlvmError } from '../../src/errors.js';

test('resolveConfigPath prefers the flag, then BLVM_CONFIG, then the working directory', (t) => {
  const env = { BLVM_CONFIG: '/etc/blvm/from-env.toml' };
  t.is(resolveConfigPath({ flag: 'conf/flag.toml', env, cwd: '/home/op' }), '/home/op/conf/flag.toml');
  t.is(resolveConfigPath({ flag: '/abs/flag.toml', env, cwd: '/home/op' }), '/abs/flag.toml');
  t.is(resolveConfigPath({ env, cwd: '/home/op' }), '/etc/blvm/from-env.toml');
  t.is(resolveConfigPath({ env: { BLVM_CONFIG: 'rel.toml' }, cwd: '/home/op' }), '/home/op/rel.toml');
  t.is(resolveConfigPath({ env: {}, cwd: '/home/op' }), '/home/op/blvm.toml');
  t.is(resolveConfigPath({ env: { BLVM_CONFIG: '' }, cwd: '/home/op' }), '/home/op/blvm.toml');
});

async function tempDir(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'blvm-config-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('loadConfig reads and parses the chosen file with paths relative to it', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'etc'));
  await writeFile(join(dir, 'etc', 'node.toml'), '[node]\nnetwork = "testnet"\ndata_dir = "state"\n');
  const config = await loadConfig({ env: { BLVM_CONFIG: 'etc/node.toml' }, cwd: dir });
  t.is(config.file, join(dir, 'etc', 'node.toml'));
  t.is(config.node.network, 'testnet');
  t.is(config.node.data_dir, join(dir, 'etc', 'state'));
});

test('a missing config file names the path and how it was chosen', async (t) => {
  const dir = await tempDir(t);
  const cases = [
    { opts: { flag: 'nope.toml', env: {}, cwd: dir }, source: /--config/ },
    { opts: { env: { BLVM_CONFIG: 'env.toml' }, cwd: dir }, source: /BLVM_CONFIG/ },
    { opts: { env: {}, cwd: dir }, source: /default/ },
  ];
  for (const { opts, source } of cases) {
    const error = await t.throwsAsync(loadConfig(opts), { instanceOf: BlvmError });
    t.is(error?.code, 'not_found');
    t.true(error?.message.includes(resolveConfigPath(opts)), error?.message);
    t.regex(error?.message ?? '', source);
  }
});

test('an invalid loaded file reports its full path and every problem', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'blvm.toml');
  await writeFile(file, '[supervision]\nmax_delay = 30\n');
  const error = await t.throwsAsync(loadConfig({ flag: file, cwd: '/' }), { instanceOf: BlvmError });
  t.is(error?.message, `${file}: 1 problem`);
  t.deepEqual(error?.details, ['blvm.toml: [supervision].max_delay: expected a duration like "30s", got 30']);
});
