import test from 'ava';
import { nodeWithFixtures, fixtureResult } from '../fixtures/containment/node.js';
import type { ModuleStatus } from '../../src/supervision/status-types.js';

const layer = (m: ModuleStatus, name: string) => m.sandbox?.layers.find((l) => l.name === name);

test('a module over max_memory is stopped with reason memory_limit, shown in module info, and counted towards quarantine', async (t) => {
  const node = await nodeWithFixtures(t, { hog: { fixture: 'hog' } }, {
    extraConfig: '[modules.hog]\nmax_memory = "96MiB"\nmemory_samples = 2\nrestart = { max_crashes = 1 }\nhog_mib = 256\n',
  });
  const killed = await node.waitFor('hog', (m) => m.last_exit?.reason === 'memory_limit', 30_000);
  t.true(killed.last_exit!.byUs);
  t.is(killed.limits?.max_memory, 96 * 2 ** 20);
  const info = await node.cli(['module', 'info', 'hog']);
  t.regex(info.stdout, /memory_limit \((SIGTERM|SIGKILL), by node\)/);
  t.regex(info.stdout, /max_memory 96MiB \(2 samples\)/);
  const quarantined = await node.waitForPhase('hog', 'quarantined', 60_000);
  t.true(quarantined.quarantine!.exits.length >= 2);
  t.true(quarantined.quarantine!.exits.every((e) => e.reason === 'memory_limit'));
  t.truthy(await node.waitForLog(/module hog over its memory limit: RSS [\d.]+ MiB over max_memory 96\.0 MiB for 2 samples/));
});

test('a module opening files without end hits its max_open_files override and the rlimit is reported', async (t) => {
  const node = await nodeWithFixtures(t, { fd: { fixture: 'fd-hungry' }, calm: { fixture: 'probe' } }, {
    extraConfig: '[limits]\nmax_open_files = 4096\n[modules.fd]\nmax_open_files = 100\n',
  });
  const result = await fixtureResult(node, 'fd');
  t.is(result.error, 'EMFILE');
  t.true((result.opened as number) > 0 && (result.opened as number) < 100, `opened ${String(result.opened)}`);
  const fd = await node.waitForPhase('fd', 'monitoring');
  t.is(fd.limits?.max_open_files, 100);
  t.regex(layer(fd, 'rlimits')?.detail ?? '', /NOFILE=100 .*CORE=0/);
  const calm = await node.waitForPhase('calm', 'monitoring');
  t.is(calm.limits?.max_open_files, 4096, 'other modules keep the node-wide limit');
});

test('module info shows live CPU and RSS, the limits and every containment layer, in text and JSON', async (t) => {
  const node = await nodeWithFixtures(t, { shown: { fixture: 'probe' } }, { extraConfig: '[modules.shown]\nmax_memory = "1GiB"\nmax_cpu_percent = 150\n' });
  const m = await node.waitFor('shown', (s) => s.phase === 'monitoring' && (s.resources?.history.length ?? 0) >= 2);
  t.true(m.resources!.rss_bytes > 10 * 2 ** 20, 'a node process has some RSS');
  t.true(m.resources!.processes >= 1);
  t.true(m.resources!.cpu_percent >= 0);
  t.deepEqual(
    m.sandbox!.layers.map((l) => l.name),
    ['process_group', 'rlimits', 'watchdog', 'bwrap_fs', 'bwrap_net', 'cgroup', 'user'],
  );
  t.true(layer(m, 'watchdog')!.active);
  const text = (await node.cli(['module', 'info', 'shown'])).stdout;
  t.regex(text, /resources: {2}cpu [\d.]+%, rss [\d.]+MiB, \d+ process\(es\)/);
  t.regex(text, /limits: {5}max_memory 1GiB \(3 samples\), max_cpu_percent 150% over 10s \(degraded\)/);
  t.regex(text, /\[x\] process_group/);
  t.regex(text, /\[ \] cgroup/);
  const status = await node.cli(['status']);
  t.regex(status.stdout, /CPU +RSS +LAYERS/);
  t.regex(status.stdout, /shown .* [\d.]+% +[\d.]+MiB +pg\+rl\+wd/);
});
