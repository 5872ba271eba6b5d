import test from 'ava';
import { lstat, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { prepareModuleDirs } from '../../src/supervision/module-dirs.js';
import { modulePaths } from '../../src/supervision/module-paths.js';
import { tempDir } from '../process/helpers.js';

const OWNER = { uid: 1_879_050_000, gid: 1_879_050_000 };

test('a module gets daemon-owned logs/ and run/ and its own db/ and work/ (issue 13)', async (t) => {
  const data = await tempDir(t);
  await prepareModuleDirs(data, 'm', OWNER);
  const p = modulePaths(data, 'm');
  const mode = async (dir: string) => ((await lstat(dir)).mode & 0o777).toString(8);
  t.deepEqual([await mode(p.root), await mode(p.logs), await mode(p.run), await mode(p.db), await mode(p.work)], ['755', '700', '755', '700', '700']);
  for (const dir of [p.db, p.work]) t.like(await lstat(dir), OWNER);
  for (const dir of [p.root, p.logs, p.run]) t.is((await lstat(dir)).uid, process.getuid!());
});

test('the layout of an older blvm is migrated without following its links: old config files go, db files change owner (issue 13)', async (t) => {
  const data = await tempDir(t);
  const target = path.join(data, 'host.txt');
  await writeFile(target, 'host\n');
  const p = modulePaths(data, 'm');
  await mkdir(p.db, { recursive: true });
  await writeFile(path.join(p.db, 'm.sqlite'), 'db');
  await symlink(target, path.join(p.root, 'config.json'));
  await symlink(target, path.join(p.root, 'config.json.tmp'));
  await prepareModuleDirs(data, 'm', OWNER);
  await t.throwsAsync(lstat(path.join(p.root, 'config.json')), { code: 'ENOENT' });
  await t.throwsAsync(lstat(path.join(p.root, 'config.json.tmp')), { code: 'ENOENT' });
  t.like(await lstat(path.join(p.db, 'm.sqlite')), OWNER);
  t.is(await readFile(target, 'utf8'), 'host\n');
});

test('a linked logs dir or log file left in a module dir refuses the start, naming the path (issue 13)', async (t) => {
  const data = await tempDir(t);
  const p = modulePaths(data, 'm');
  await mkdir(p.root, { recursive: true });
  await symlink('/etc', p.logs);
  await t.throwsAsync(prepareModuleDirs(data, 'm', OWNER), { message: `${p.logs} is a symbolic link; refusing to follow it` });
  const q = modulePaths(data, 'n');
  await mkdir(q.logs, { recursive: true });
  await symlink('/etc/passwd', path.join(q.logs, 'output.log.1'));
  await t.throwsAsync(prepareModuleDirs(data, 'n', OWNER), { message: new RegExp(`^${path.join(q.logs, 'output.log.1')} is a symbolic link; refusing`) });
});
