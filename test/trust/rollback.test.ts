import { readdir, readFile, writeFile, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { BlvmError } from '../../src/errors.js';
import { checkRollback } from '../../src/trust/rollback.js';
import { JsonRollbackState, rollbackStatePath } from '../../src/trust/rollback-state.js';
import { makeConfig, tempDir } from './fixture.js';

test('the state lives at <data_dir>/trust/versions.json', (t) => {
  t.is(rollbackStatePath(makeConfig({ dataDir: '/var/lib/blvm' })), '/var/lib/blvm/trust/versions.json');
});

test('recording keeps the highest accepted version per module and writes no temp files behind', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'trust', 'versions.json');
  const state = await JsonRollbackState.open(file);
  t.is(await state.highestAccepted('hello'), undefined);
  await Promise.all([state.recordAccepted('hello', '1.2.0'), state.recordAccepted('hello', '1.10.0'), state.recordAccepted('other', '0.1.0')]);
  await state.recordAccepted('hello', '1.3.0');
  t.is(await state.highestAccepted('hello'), '1.10.0');
  t.deepEqual(JSON.parse(await readFile(file, 'utf8')), { format: 1, modules: { hello: '1.10.0', other: '0.1.0' } });
  t.deepEqual(await readdir(join(dir, 'trust')), ['versions.json']);
  t.is((await stat(file)).mode & 0o777, 0o600);
  t.is(await (await JsonRollbackState.open(file)).highestAccepted('hello'), '1.10.0');
});

test('versions of 50 modules accepted at once are all in the file once every record has resolved (issue 19)', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'trust', 'versions.json');
  const state = await JsonRollbackState.open(file);
  const names = Array.from({ length: 50 }, (_, i) => `m${String(i).padStart(2, '0')}`);
  const first = state.recordAccepted('m00', '1.0.0');
  await Promise.all([first, ...names.map((name, i) => state.recordAccepted(name, `1.${i}.0`))]);
  t.deepEqual(JSON.parse(await readFile(file, 'utf8')).modules, Object.fromEntries(names.map((name, i) => [name, `1.${i}.0`])));
  await state.recordAccepted('m01', '0.9.0');
  t.is((JSON.parse(await readFile(file, 'utf8')) as { modules: Record<string, string> }).modules.m01, '1.1.0', 'a lower version recorded later does not lower the entry');
});

test('an older version than recorded is refused', async (t) => {
  const state = await JsonRollbackState.open(join(await tempDir(t), 'versions.json'));
  await state.recordAccepted('hello', '2.0.0');
  const report = await checkRollback(state, 'hello', '1.9.9', makeConfig().security);
  t.false(report.ok);
  t.deepEqual(report.problems, [
    'version 1.9.9 is older than 2.0.0, the highest version accepted before (add "hello" to [security].allow_downgrade to allow the downgrade)',
  ]);
});

test('a downgrade is allowed when the module is listed in allow_downgrade', async (t) => {
  const state = await JsonRollbackState.open(join(await tempDir(t), 'versions.json'));
  await state.recordAccepted('hello', '2.0.0');
  const report = await checkRollback(state, 'hello', '1.9.9', makeConfig({ security: { allow_downgrade: ['hello'] } }).security);
  t.deepEqual(report, { ok: true, highest: '2.0.0', downgrade_allowed: true, problems: [] });
});

test('the same or a newer version passes the rollback check', async (t) => {
  const state = await JsonRollbackState.open(join(await tempDir(t), 'versions.json'));
  await state.recordAccepted('hello', '2.0.0');
  t.true((await checkRollback(state, 'hello', '2.0.0', makeConfig().security)).ok);
  t.true((await checkRollback(state, 'hello', '2.0.1', makeConfig().security)).ok);
});

test('a corrupt state file is a clear error naming the file', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'trust'));
  const file = join(dir, 'trust', 'versions.json');
  await writeFile(file, '{"modules": {"hello": "latest"}}');
  const error = await t.throwsAsync(JsonRollbackState.open(file), { instanceOf: BlvmError });
  t.is(error?.message, `${file}: modules.hello: "latest" is not a semantic version`);
});
