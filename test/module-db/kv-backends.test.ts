import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODULE_DATABASE_BACKENDS, storesInDbDir } from '../../src/module-db/backends.js';
import { openKv } from '../../src/module-db/open-kv.js';

for (const backend of MODULE_DATABASE_BACKENDS) {
  test(`the ${backend} store keeps values across a reopen and answers ranges in byte order of the keys`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), `blvm-kv-${backend}-`));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const kv = await openKv(dir, backend, 'main');
    await kv.batch([
      { type: 'put', key: 'block:2', value: { h: 2 } },
      { type: 'put', key: 'block:10', value: { h: 10 } },
      { type: 'put', key: 'block:1', value: { h: 1 } },
      { type: 'put', key: 'note', value: 'hello' },
      { type: 'put', key: 'blocl', value: 0 },
      { type: 'put', key: 'zébra', value: [1, 2] },
    ]);
    await kv.put('gone', true);
    await kv.del('gone');
    await kv.close();
    const again = await openKv(dir, backend, 'main');
    t.teardown(() => again.close());
    t.deepEqual(await again.get('block:10'), { h: 10 });
    t.is(await again.get('gone'), undefined);
    t.deepEqual((await again.entries({ prefix: 'block:' })).map(([k]) => k), ['block:1', 'block:10', 'block:2']);
    t.deepEqual((await again.entries({ prefix: 'block:', reverse: true, limit: 2 })).map(([k]) => k), ['block:2', 'block:10']);
    t.deepEqual((await again.entries({ gt: 'block:1', lte: 'blocl' })).map(([k]) => k), ['block:10', 'block:2', 'blocl']);
    t.deepEqual((await again.entries({ lt: 'block:10', reverse: true })).map(([k]) => k), ['block:1']);
    t.deepEqual(await again.entries({ gte: 'note' }), [['note', 'hello'], ['zébra', [1, 2]]]);
    t.deepEqual([...(await storesInDbDir(dir)).entries()], [[backend, ['main']]]);
  });
}

test('a batch with an invalid key writes nothing', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'blvm-kv-batch-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  for (const backend of MODULE_DATABASE_BACKENDS) {
    const kv = await openKv(dir, backend, 'b');
    await t.throwsAsync(kv.batch([{ type: 'put', key: 'a', value: 1 }, { type: 'put', key: '', value: 2 }]), { message: /kv key: expected a non-empty string/ });
    t.is(await kv.get('a'), undefined, backend);
    await kv.close();
  }
});
