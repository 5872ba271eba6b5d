import test from 'ava';
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../src/process/json-file.js';
import { RotatingLog } from '../../src/process/log-writer.js';
import { APPEND_FLAGS, makeDirBelow, openRegular, READ_FLAGS } from '../../src/process/no-follow.js';
import { tempDir } from './helpers.js';

const HOST = 'host content\n';

async function hostTarget(dir: string): Promise<string> {
  const file = path.join(dir, 'host.txt');
  await writeFile(file, HOST);
  return file;
}

test('opening a file that is a symbolic link is refused, naming the path, and the target is untouched (issue 13)', async (t) => {
  const dir = await tempDir(t);
  const target = await hostTarget(dir);
  const link = path.join(dir, 'output.log');
  await symlink(target, link);
  const error = await t.throwsAsync(openRegular(link, APPEND_FLAGS, 0o640));
  t.is(error?.message, `${link} is a symbolic link; refusing to follow it`);
  t.is(await readFile(target, 'utf8'), HOST);
});

test('opening a FIFO or a directory is refused at once instead of hanging or reading it', async (t) => {
  const dir = await tempDir(t);
  const fifo = path.join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  await t.throwsAsync(openRegular(fifo, READ_FLAGS), { message: `${fifo} is not a regular file; refusing to use it` });
  await t.throwsAsync(openRegular(dir, READ_FLAGS), { message: `${dir} is not a regular file; refusing to use it` });
});

test('an atomic write replaces a planted temp-file link instead of writing through it (issue 13)', async (t) => {
  const dir = await tempDir(t);
  const target = await hostTarget(dir);
  const file = path.join(dir, 'config.json');
  await symlink(target, `${file}.${process.pid}.tmp`);
  await symlink(target, file);
  await writeFileAtomic(file, '{"a":1}\n', 0o644);
  t.is(await readFile(target, 'utf8'), HOST);
  const info = await lstat(file);
  t.true(info.isFile());
  t.is(info.mode & 0o777, 0o644);
  t.is(await readFile(file, 'utf8'), '{"a":1}\n');
});

test('a module log whose file was replaced by a link drops the output and never writes the link target (issue 13)', async (t) => {
  const dir = await tempDir(t);
  const target = await hostTarget(dir);
  const logs = path.join(dir, 'logs');
  await mkdir(logs);
  await symlink(target, path.join(logs, 'output.log'));
  const log = new RotatingLog({ dir: logs, root: dir, baseName: 'output', maxFileSize: 1 << 20, maxFiles: 2 });
  log.write('attacker controlled line\n');
  await log.close();
  t.is(await readFile(target, 'utf8'), HOST);
  t.true(log.droppedBytes > 0);
});

test('creating a directory through a linked component is refused, naming the link', async (t) => {
  const dir = await tempDir(t);
  const elsewhere = path.join(dir, 'elsewhere');
  await mkdir(elsewhere);
  await mkdir(path.join(dir, 'data'));
  await symlink(elsewhere, path.join(dir, 'data', 'modules'));
  await t.throwsAsync(makeDirBelow(path.join(dir, 'data'), path.join(dir, 'data', 'modules', 'm', 'logs'), 0o700), {
    message: `${path.join(dir, 'data', 'modules')} is a symbolic link; refusing to follow it`,
  });
  const logs = path.join(dir, 'data', 'logs');
  await makeDirBelow(path.join(dir, 'data'), logs, 0o700);
  t.is((await lstat(logs)).mode & 0o777, 0o700);
});
