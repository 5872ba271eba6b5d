import { chmod, mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import test from 'ava';
import { BLOCK, encodeHeader } from '../../src/registry/tar-format.js';
import { packModuleDir } from '../../src/registry/tar-pack.js';
import { unpackArchive, unsafePathReason } from '../../src/registry/tar-unpack.js';
import { tempDir } from './helpers/world.js';

/** A raw tar.gz with the given entries (headers written directly, so any path can be tried). */
function rawArchive(entries: { path: string; content?: string; type?: 'file' | 'directory'; flag?: string }[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const content = Buffer.from(e.content ?? '');
    const header = encodeHeader({ path: e.path, type: e.type ?? 'file', mode: 0o644, size: content.length });
    if (e.flag !== undefined) {
      header[156] = e.flag.charCodeAt(0);
      header.fill(0x20, 148, 156);
      let sum = 0;
      for (const byte of header) sum += byte;
      header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
    }
    parts.push(header, content, Buffer.alloc((BLOCK - (content.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts));
}

test('a packed module directory unpacks to the same files and modes, without its runtime data/', async (t) => {
  const root = await tempDir(t);
  const src = join(root, 'src');
  await mkdir(join(src, 'lib', 'deep'), { recursive: true });
  await mkdir(join(src, 'data'));
  await writeFile(join(src, 'main.js'), '#!/usr/bin/env node\n');
  await chmod(join(src, 'main.js'), 0o755);
  await writeFile(join(src, 'lib', 'deep', 'x.js'), 'export {};\n');
  await writeFile(join(src, 'data', 'state.db'), 'runtime');
  await writeFile(join(src, `${'n'.repeat(90)}.txt`), 'long name\n');
  await symlink('lib/deep/x.js', join(src, 'alias.js'));
  const archive = await packModuleDir(src);
  t.deepEqual(archive, await packModuleDir(src), 'packing is deterministic');
  const out = join(root, 'out');
  const written = await unpackArchive(archive, out, 'test archive');
  t.deepEqual(written.sort(), ['alias.js', 'lib/deep/x.js', 'main.js', `${'n'.repeat(90)}.txt`].sort());
  t.is((await stat(join(out, 'main.js'))).mode & 0o777, 0o755);
  t.is((await stat(join(out, 'lib', 'deep', 'x.js'))).mode & 0o777, 0o644);
  t.is(await readFile(join(out, 'alias.js'), 'utf8'), 'export {};\n');
  t.false((await readdir(out)).includes('data'));
});

test('a symlink leaving the module directory is refused when packing, naming the link', async (t) => {
  const src = await tempDir(t);
  await writeFile(join(src, 'main.js'), 'x');
  await symlink('/etc', join(src, 'evil'));
  await t.throwsAsync(packModuleDir(src), { message: /symlink evil -> \/etc resolves outside the module directory/ });
});

test('paths that escape the target directory are refused with the entry named', async (t) => {
  const root = await tempDir(t);
  for (const [path, reason] of [
    ['../escape.js', /entry "\.\.\/escape\.js" escapes the target directory/],
    ['lib/../../escape.js', /entry "lib\/\.\.\/\.\.\/escape\.js" escapes the target directory/],
    ['/etc/passwd', /entry "\/etc\/passwd" is an absolute path/],
    ['data/db', /is under data\//],
  ] as const) {
    const target = join(root, `out-${Math.random().toString(16).slice(2)}`);
    await t.throwsAsync(unpackArchive(rawArchive([{ path, content: 'x' }]), target, 'evil.tar.gz'), { message: reason });
    await t.throwsAsync(stat(join(root, 'escape.js')));
  }
});

test('links, devices and pax headers are refused, naming the entry and its type', async (t) => {
  const root = await tempDir(t);
  const cases: [string, RegExp][] = [
    ['2', /link: symbolic link entries are not allowed/],
    ['1', /link: hard link entries are not allowed/],
    ['3', /link: character device entries are not allowed/],
    ['x', /link: pax extended header entries are not allowed/],
  ];
  for (const [flag, message] of cases) {
    await t.throwsAsync(unpackArchive(rawArchive([{ path: 'link', flag }]), join(root, `o${flag}`), 'a.tar.gz'), { message });
  }
});

test('duplicate entries, bad checksums, truncation and oversized content are refused', async (t) => {
  const root = await tempDir(t);
  const dup = rawArchive([{ path: 'a.js', content: '1' }, { path: 'a.js', content: '2' }]);
  await t.throwsAsync(unpackArchive(dup, join(root, 'dup'), 'dup.tar.gz'), { message: /entry a\.js appears twice/ });
  const plain = Buffer.concat([encodeHeader({ path: 'a.js', type: 'file', mode: 0o644, size: 3 }), Buffer.from('abc'), Buffer.alloc(509 + 1024)]);
  const corrupt = Buffer.from(plain);
  corrupt[0] = 'b'.charCodeAt(0);
  await t.throwsAsync(unpackArchive(gzipSync(corrupt), join(root, 'sum'), 'sum.tar.gz'), { message: /checksum mismatch/ });
  await t.throwsAsync(unpackArchive(gzipSync(plain.subarray(0, 512)), join(root, 'cut'), 'cut.tar.gz'), { message: /entry a\.js is truncated/ });
  await t.throwsAsync(unpackArchive(Buffer.from('not gzip'), join(root, 'gz'), 'gz.tar.gz'), { message: /gz\.tar\.gz: not a valid gzip stream/ });
  await t.throwsAsync(unpackArchive(gzipSync(plain), join(root, 'big'), 'big.tar.gz', { maxBytes: 1024, maxEntries: 10 }), {
    message: /unpacks to more than 1024 bytes/,
  });
});

test('only normalised relative paths are safe', (t) => {
  t.is(unsafePathReason('lib/a.js'), undefined);
  t.is(unsafePathReason('./a.js'), 'is not a normalised relative path');
  t.is(unsafePathReason('a//b'), 'is not a normalised relative path');
  t.is(unsafePathReason('a\\b'), 'contains a backslash');
});
