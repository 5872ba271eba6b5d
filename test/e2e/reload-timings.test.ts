// `blvm reload` gives running modules their new stop and liveness timings without a restart.
import test from 'ava';
import { readFile, writeFile } from 'node:fs/promises';
import { nodeWithProbes } from './helpers/probe.js';

const SUPERVISION = `[supervision]
initial_delay = "100ms"
max_delay = "1s"
ready_timeout = "5s"
ping_interval = "500ms"
max_missed_pings = 3
stop_grace = "60s"
kill_grace = "60s"
`;

test('a reloaded shorter stop_grace and kill_grace apply to the next stop of a module that kept running', async (t) => {
  const node = await nodeWithProbes(t, { stubborn: { mode: 'stubborn' } }, { supervision: SUPERVISION });
  const before = await node.waitForPhase('stubborn', 'monitoring');
  const config = await readFile(node.configPath, 'utf8');
  t.true(config.includes('stop_grace = "60s"'), 'the node starts with the long grace periods');
  await writeFile(node.configPath, config.replace('stop_grace = "60s"', 'stop_grace = "200ms"').replace('kill_grace = "60s"', 'kill_grace = "300ms"'));
  const reload = await node.cli(['reload']);
  t.is(reload.exitCode, 0, reload.stdout + reload.stderr);
  t.regex(reload.stdout, /\[supervision\] stop_grace: 60000 -> 200/);

  const kept = await node.module('stubborn');
  t.is(kept.pid, before.pid, 'the reload did not restart the module');
  t.is(kept.restarts, before.restarts);
  const stop = await node.cli(['module', 'unload', 'stubborn']);
  t.is(stop.exitCode, 0, stop.stdout + stop.stderr);
  const stopped = await node.waitForPhase('stubborn', 'stopped');
  t.like(stopped.last_exit, { reason: 'stopped', signal: 'SIGKILL', detail: 'SIGKILL after 300 ms grace' });
});
