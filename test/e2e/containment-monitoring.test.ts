import test from 'ava';
import { join } from 'node:path';
import { nodeWithFixtures } from '../fixtures/containment/node.js';
import { openStore } from '../../src/store/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { readResourceTrend } from '../../src/monitor/resource-trend.js';

test('monitoring follows a module through a crash restart and a daemon restart, and keeps a trend in the store', async (t) => {
  const node = await nodeWithFixtures(t, { steady: { fixture: 'probe' } });
  const first = await node.waitFor('steady', (m) => m.resources !== null && m.resources !== undefined);
  process.kill(first.pid!, 'SIGKILL');
  const second = await node.waitFor('steady', (m) => m.pid !== first.pid && m.resources?.instance_id !== undefined && m.resources.instance_id !== first.resources!.instance_id);
  t.true(second.resources!.rss_bytes > 0);
  t.true(second.resources!.history.length >= 1);
  t.is(await node.stop(), 0);
  const store = await openStore(join(node.dataDir, 'blvm.sqlite'), { retentionTransitions: 100, retentionEvents: 100, log: silentLogger });
  const trend = await readResourceTrend(store, 'steady');
  await store.close();
  t.true(trend.length >= 1, 'the open bucket is stored at stop');
  t.true(trend[0].rss_max > 0);
  await node.start();
  const third = await node.waitFor('steady', (m) => (m.resources?.history.length ?? 0) >= 2);
  t.true(third.resources!.sampled_at > second.resources!.sampled_at);
});

test('every module of a node with many modules is sampled', async (t) => {
  const names = Array.from({ length: 10 }, (_, i) => `many-${i}`);
  const node = await nodeWithFixtures(t, Object.fromEntries(names.map((n) => [n, { fixture: 'probe' as const }])));
  for (const name of names) {
    const m = await node.waitFor(name, (s) => s.phase === 'monitoring' && (s.resources?.history.length ?? 0) >= 2, 40_000);
    t.true(m.resources!.rss_bytes > 0, name);
  }
  const status = await node.status();
  t.is(status.modules.filter((m) => m.resources).length, names.length);
});
