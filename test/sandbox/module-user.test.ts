import test from 'ava';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DYNAMIC_FIRST, DYNAMIC_LAST, dynamicUid, moduleRunAs, MODULE_GID } from '../../src/sandbox/module-user.js';
import { userSetting } from '../../src/config/sandbox-user.js';
import { moduleUsersPath } from '../../src/supervision/module-paths.js';
import type { NodeConfig } from '../../src/config/types.js';
import { tempDir } from '../process/helpers.js';

test('each module gets its own dynamic uid, kept across calls in the data dir', async (t) => {
  const data = await tempDir(t);
  const [a, b] = await Promise.all([dynamicUid(data, 'a'), dynamicUid(data, 'b')]);
  t.not(a, b);
  for (const uid of [a, b]) t.true(uid >= DYNAMIC_FIRST && uid <= DYNAMIC_LAST);
  t.is(await dynamicUid(data, 'a'), a);
  t.deepEqual(JSON.parse(await readFile(moduleUsersPath(data), 'utf8')), { version: 1, users: { a, b } });
});

test('a damaged uid file is refused with its name instead of handing out uids twice', async (t) => {
  const data = await tempDir(t);
  await mkdir(path.join(data, 'run'));
  await writeFile(moduleUsersPath(data), '{"version":1,"users":{"a":0}}');
  await t.throwsAsync(dynamicUid(data, 'b'), { message: new RegExp(`^${moduleUsersPath(data)} is not a module uid file`) });
});

test('[sandbox] user accepts dynamic, root, uid:gid and user names, and a root daemon resolves them', async (t) => {
  t.deepEqual(userSetting('dynamic'), { kind: 'dynamic' });
  t.deepEqual(userSetting('1000:1001'), { kind: 'ids', uid: 1000, gid: 1001 });
  t.deepEqual(userSetting('nobody'), { kind: 'name', name: 'nobody' });
  t.is(userSetting('1000:'), null);
  t.is(userSetting('../x'), null);
  const config = (user: string) => ({ node: { data_dir: '/nonexistent' }, sandbox: { mode: 'auto', user } }) as unknown as NodeConfig;
  t.deepEqual(await moduleRunAs(config('1000:1001'), 'm', 0), { uid: 1000, gid: 1001, groups: [MODULE_GID], source: 'configured' });
  t.like(await moduleRunAs(config('nobody'), 'm', 0), { uid: 65534, source: 'configured' });
  t.is(await moduleRunAs(config('root'), 'm', 0), null);
  t.is(await moduleRunAs(config('dynamic'), 'm', 1000), null, 'a daemon that is not root cannot switch');
  await t.throwsAsync(moduleRunAs(config('no-such-user-here'), 'm', 0), { message: '[sandbox] user = "no-such-user-here": no such user on this host' });
});

test('modules of two data dirs asking at once each get a distinct uid, all of them persisted (issue 19)', async (t) => {
  const [one, two] = [await tempDir(t), await tempDir(t)];
  const names = Array.from({ length: 20 }, (_, i) => `m${i}`);
  const asked = names.flatMap((name) => [one, two].map(async (data) => [data, name, await dynamicUid(data, name)] as const));
  const answers = await Promise.all(asked);
  for (const data of [one, two]) {
    const mine = answers.filter(([d]) => d === data);
    t.is(new Set(mine.map(([, , uid]) => uid)).size, names.length, `distinct uids in ${data}`);
    const file = JSON.parse(await readFile(moduleUsersPath(data), 'utf8')) as { users: Record<string, number> };
    t.deepEqual(file.users, Object.fromEntries(mine.map(([, name, uid]) => [name, uid])));
  }
});
