import test from 'ava';
import { join } from 'node:path';
import { IsolatedNode } from '../../src/testing/index.js';
import type { FaultRow, RecoveryReport } from '../../src/testing/index.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { nodeWithProbes } from './helpers/probe.js';
import { isAlive } from './helpers/processes.js';

function row(report: RecoveryReport, kind: string): FaultRow {
  const found = report.rows.find((r) => r.kind === kind);
  if (!found) throw new Error(`no row for ${kind} in ${JSON.stringify(report)}`);
  return found;
}

/** Numbers that must hold together whatever the machine's speed. */
function consistent(t: { true(v: boolean, m?: string): void }, r: FaultRow): void {
  t.true(r.not_recovered === 0, `${r.kind}: all injections recovered`);
  t.true(r.detect_p50 === null || r.recover_p50 === null || r.detect_p50 <= r.recover_p50, `${r.kind}: detected before recovered`);
  t.true(r.recover_p50! <= r.recover_p99! && r.recover_p99! <= r.recover_max!, `${r.kind}: percentiles ordered`);
}

test('kill, garbage, disconnect and crash-loop faults are each detected and recovered with consistent numbers', async (t) => {
  // Six crashes in a row: more than the default budget, which would rightly quarantine it.
  const node = await nodeWithProbes(t, { target: {} }, { extraConfig: '[modules.target.restart]\nmax_crashes = 50\n' });
  await node.waitForPhase('target', 'monitoring');
  const report = await node.chaos(`
module = "target"
settle = "30s"
[[fault]]
kind = "kill"
count = 3
[[fault]]
kind = "garbage"
[[fault]]
kind = "disconnect"
[[fault]]
kind = "crash-loop"
starts = 2
`);
  t.true(report.ok, JSON.stringify(report.breaches));
  const kill = row(report, 'kill');
  t.is(kill.injections, 3);
  t.is(kill.restarts, 3, 'each SIGKILL costs exactly one restart');
  consistent(t, kill);
  for (const kind of ['garbage', 'disconnect']) {
    const r = row(report, kind);
    t.true(r.restarts >= 1, `${kind} restarted the module`);
    consistent(t, r);
  }
  const loop = row(report, 'crash-loop');
  t.is(loop.restarts, 3, 'the kill and the two forced failed starts');
  consistent(t, loop);
  t.is(report.orphans, 0);
  t.is(report.lost_events, 0);
});

test('a hang longer than the ping budget is detected and the module restarted', async (t) => {
  const node = await nodeWithProbes(t, { frozen: {} });
  await node.waitForPhase('frozen', 'monitoring');
  const report = await node.chaos('[[fault]]\nkind = "hang"\nmodule = "frozen"\nduration = "4s"\n');
  const hang = row(report, 'hang');
  t.true(hang.restarts >= 1);
  consistent(t, hang);
  t.true(report.ok, JSON.stringify(report.breaches));
  t.is((await node.module('frozen')).last_exits.at(-1)?.reason, 'ping_timeout');
});

test('a slow start delays the handshake and the recovery time includes the delay', async (t) => {
  const node = await nodeWithProbes(t, { sluggish: {} });
  await node.waitForPhase('sluggish', 'monitoring');
  const report = await node.chaos('[[fault]]\nkind = "slow-start"\nmodule = "sluggish"\nduration = "1500ms"\n');
  const slow = row(report, 'slow-start');
  consistent(t, slow);
  t.true(slow.recover_p50! >= 1500);
});

test('a node-kill restarts the daemon, leaves no orphan and every module recovers', async (t) => {
  const node = await nodeWithProbes(t, { one: {}, two: { requires: { one: '*' } } });
  await node.waitForPhase('two', 'monitoring');
  const before = await node.status();
  const report = await node.chaos('[[fault]]\nkind = "node-kill"\nsettle = "40s"\n');
  const nk = row(report, 'node-kill');
  consistent(t, nk);
  t.is(nk.restarts, 2);
  t.is(report.orphans, 0);
  const after = await node.status();
  t.not(after.node.pid, before.node.pid);
  for (const m of before.modules) t.false(isAlive(m.pid!), `old ${m.name} process is gone`);
});

test('a memory balloon is stopped at its limit with reason memory_limit and the module recovers', async (t) => {
  const node = await IsolatedNode.create({
    copyModules: { 'crash-test': join(PACKAGE_ROOT, 'modules', 'crash-test') },
    extraConfig: '[modules.crash-test]\nmax_memory = "120MiB"\nmemory_samples = 2\n',
  });
  t.teardown(() => node.destroy());
  await node.waitForPhase('crash-test', 'monitoring');
  const report = await node.chaos('[[fault]]\nkind = "memory"\nmodule = "crash-test"\nsettle = "40s"\n');
  t.true(report.ok, JSON.stringify(report.breaches));
  const mem = row(report, 'memory');
  consistent(t, mem);
  const info = await node.module('crash-test');
  t.true(info.last_exits.some((e) => e.reason === 'memory_limit'), JSON.stringify(info.last_exits));
});

test('a durable subscriber killed while events flow misses nothing, and an SLO breach exits 1', async (t) => {
  const node = await IsolatedNode.create({
    copyModules: {
      'event-journal': join(PACKAGE_ROOT, 'modules', 'event-journal'),
      'crash-test': join(PACKAGE_ROOT, 'modules', 'crash-test'),
    },
  });
  t.teardown(() => node.destroy());
  await node.waitForPhase('event-journal', 'monitoring');
  await node.waitForPhase('crash-test', 'monitoring');
  const report = await node.chaos(`
settle = "30s"
[[fault]]
kind = "kill"
module = "event-journal"
[[fault]]
kind = "kill"
module = "crash-test"
count = 2
`);
  t.is(report.lost_events, 0);
  t.true(report.ok, JSON.stringify(report.breaches));
  const loaded = await node.events(['ModuleLoaded']);
  t.true(loaded.filter((e) => (e.data as { module_name?: string }).module_name === 'event-journal').length >= 2, 'loaded again after the kill');

  const breach = await node.cli(['chaos', 'kill', 'crash-test', '--recover-p99', '1ms', '--json']);
  t.is(breach.exitCode, 1, breach.stderr);
  const parsed = JSON.parse(breach.stdout) as RecoveryReport;
  t.false(parsed.ok);
  t.regex(parsed.breaches.join('\n'), /recover_p99 \d+ ms > 1 ms/);
});

test('the shipped example scenario runs against the bundled modules with zero lost events and zero orphans', async (t) => {
  const node = await IsolatedNode.create({
    copyModules: Object.fromEntries(
      ['event-journal', 'journal-reporter', 'crash-test'].map((m) => [m, join(PACKAGE_ROOT, 'modules', m)]),
    ),
  });
  t.teardown(() => node.destroy());
  await node.waitForPhase('crash-test', 'monitoring');
  await node.waitForPhase('event-journal', 'monitoring');
  const result = await node.cli(['chaos', 'run', join(PACKAGE_ROOT, 'docs', 'examples', 'chaos-smoke.toml')], { timeoutMs: 180_000 });
  t.is(result.exitCode, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /events missed by durable subscribers: 0/);
  t.regex(result.stdout, /orphaned processes: 0/);
  t.regex(result.stdout, /SLO: met/);
});

