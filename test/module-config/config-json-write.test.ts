import test from 'ava';
import { chmod, lstat, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeConfigJson } from '../../src/module-config/effective-config.js';
import { tempDir } from '../process/helpers.js';

test('an unchanged config.json is not written again on a restart, a changed one is replaced (issue 19)', async (t) => {
  const file = path.join(await tempDir(t, 'blvm-config-json-'), 'config.json');
  await writeConfigJson(file, { a: 1 });
  const first = await stat(file);
  await writeConfigJson(file, { a: 1 });
  t.is((await stat(file)).ino, first.ino, 'same file: no new write and rename');
  await writeConfigJson(file, { a: 2 });
  t.not((await stat(file)).ino, first.ino);
  t.deepEqual(JSON.parse(await readFile(file, 'utf8')), { a: 2 });
});

test('a config.json with the right content but the wrong mode, or a link, is replaced (issue 19)', async (t) => {
  const dir = await tempDir(t, 'blvm-config-json-');
  const file = path.join(dir, 'config.json');
  await writeConfigJson(file, { a: 1 });
  await chmod(file, 0o666);
  await writeConfigJson(file, { a: 1 });
  t.is((await stat(file)).mode & 0o777, 0o644);
  const elsewhere = path.join(dir, 'elsewhere.json');
  await writeFile(elsewhere, await readFile(file, 'utf8'), { mode: 0o644 });
  const link = path.join(dir, 'linked.json');
  await symlink(elsewhere, link);
  await writeConfigJson(link, { a: 1 });
  t.true((await stat(link)).isFile());
  t.false((await lstat(link)).isSymbolicLink());
});
