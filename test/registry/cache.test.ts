import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { ArtifactCache } from '../../src/registry/cache.js';
import { sha256Hex } from '../../src/trust/hash.js';
import { tempDir } from './helpers/world.js';

const blob = (n: number, fill: string): Buffer => Buffer.alloc(n, fill);

test('cached artifacts are addressed by their sha256 and read back verified', async (t) => {
  const cache = new ArtifactCache(join(await tempDir(t), 'cache'), 1000);
  const bytes = blob(100, 'a');
  const sha = sha256Hex(bytes);
  t.is(await cache.get(sha), undefined);
  await cache.put(sha, bytes);
  t.deepEqual(await readdir(cache.dir), [`${sha}.tar.gz`]);
  t.deepEqual(await cache.get(sha), bytes);
});

test('a corrupted cache entry is deleted on read and counts as a miss', async (t) => {
  const cache = new ArtifactCache(join(await tempDir(t), 'cache'), 1000);
  const bytes = blob(100, 'a');
  const sha = sha256Hex(bytes);
  await cache.put(sha, bytes);
  await writeFile(join(cache.dir, `${sha}.tar.gz`), blob(100, 'b'));
  t.is(await cache.get(sha), undefined);
  t.deepEqual(await readdir(cache.dir), []);
});

test('the cache stays under its size cap by evicting the least recently used entries', async (t) => {
  const cache = new ArtifactCache(join(await tempDir(t), 'cache'), 250);
  const [a, b, c] = ['a', 'b', 'c'].map((fill) => blob(100, fill));
  const [sa, sb, sc] = [a, b, c].map(sha256Hex);
  await cache.put(sa, a);
  await cache.put(sb, b);
  await utimes(join(cache.dir, `${sa}.tar.gz`), new Date(1000), new Date(1000));
  await utimes(join(cache.dir, `${sb}.tar.gz`), new Date(2000), new Date(2000));
  await cache.get(sa);
  await cache.put(sc, c);
  t.deepEqual((await readdir(cache.dir)).sort(), [`${sa}.tar.gz`, `${sc}.tar.gz`].sort());
});

test('a cache of size 0 stores nothing', async (t) => {
  const cache = new ArtifactCache(join(await tempDir(t), 'cache'), 0);
  const bytes = blob(10, 'a');
  await cache.put(sha256Hex(bytes), bytes);
  t.is(await cache.get(sha256Hex(bytes)), undefined);
});
