import test from 'ava';
import { foregroundDaemon } from './helpers/foreground-daemon.js';
import { nodeWithProbes } from './helpers/probe.js';
import { gone, hostGrandchild, isAlive, processesUnder } from './helpers/processes.js';

test('a module ignoring shutdown and SIGTERM is SIGKILLed after the grace periods', async (t) => {
  const node = await nodeWithProbes(t, { stubborn: { mode: 'stubborn' } });
  const m = await node.waitForPhase('stubborn', 'monitoring');
  const unload = await node.cli(['module', 'unload', 'stubborn']);
  t.is(unload.exitCode, 0, unload.stderr);
  const stopped = await node.waitForPhase('stubborn', 'stopped');
  t.true(await gone(m.pid!));
  t.is(stopped.last_exit?.signal, 'SIGKILL');
  t.true(stopped.last_exit?.byUs);
  t.is(stopped.last_exit?.reason, 'stopped');
  t.true(stopped.last_exit!.uptimeMs >= 2000, 'the stop waited for the shutdown grace');
});

test('grandchildren of a module die with it', async (t) => {
  const node = await nodeWithProbes(t, { parent: { mode: 'grandchild' } });
  const m = await node.waitForPhase('parent', 'monitoring');
  const grandchild = await hostGrandchild(m.pid!);
  t.true(isAlive(grandchild));
  await node.cli(['module', 'unload', 'parent']);
  await node.waitForPhase('parent', 'stopped');
  t.true(await gone(grandchild));
});

test('an unloaded module stays unloaded across a daemon restart until loaded again', async (t) => {
  const node = await nodeWithProbes(t, { sleeper: {} });
  await node.waitForPhase('sleeper', 'monitoring');
  t.is((await node.cli(['module', 'unload', 'sleeper'])).exitCode, 0);
  t.is(await node.stop(), 0);
  await node.start();
  const m = await node.waitForPhase('sleeper', 'stopped');
  t.is(m.desired, 'disabled');
  const load = await node.cli(['module', 'load', 'sleeper']);
  t.is(load.exitCode, 0, load.stderr);
  t.regex(load.stdout, /monitoring/);
});

test('SIGTERM to the daemon stops every module in reverse dependency order and exits 0', async (t) => {
  const node = await nodeWithProbes(t, { base: {}, mid: { requires: { base: '*' } }, top: { requires: { mid: '*' } } });
  const pids = await Promise.all(['base', 'mid', 'top'].map(async (n) => (await node.waitForPhase(n, 'monitoring')).pid!));
  t.is(await node.stop(), 0);
  for (const pid of pids) t.false(isAlive(pid));
  const log = node.log();
  const order = ['top', 'mid', 'base'].map((n) => log.indexOf(`module=${n} `, log.indexOf('stopping the node')));
  t.true(order.every((i) => i > 0), log.slice(-3000));
});

test('SIGTERM while the daemon is still starting stops it gracefully once it is up instead of killing it, and exits 0', async (t) => {
  const node = await nodeWithProbes(t, { base: {}, top: { requires: { base: '*' } } }, { start: false });
  const daemon = foregroundDaemon(t, node.configPath);
  await daemon.waitForLog('starting blvm');
  daemon.process.kill('SIGTERM');
  const result = await daemon.process;
  const err = daemon.stderr();
  t.is(result.exitCode, 0, `signal ${result.signal ?? 'none'}; stderr: ${err.slice(-1500)}`);
  t.regex(err, /received SIGTERM during start-up: stopping as soon as the node is up/);
  t.regex(err, /stopping: SIGTERM arrived during start-up/);
  t.true(err.indexOf('node started') < err.indexOf('stopping: SIGTERM arrived'), err.slice(-1500));
  t.deepEqual(processesUnder(node.root), [], 'no module process is left');
});

test('a second daemon on the same data dir exits 1 with a clear message', async (t) => {
  const node = await nodeWithProbes(t, { solo: {} });
  const second = await node.cli(['start'], { timeoutMs: 20_000 });
  t.is(second.exitCode, 1);
  t.regex(second.stderr, /another blvm daemon \(pid \d+\) is already running on data dir/);
});

test('after the daemon is SIGKILLed the next start kills the orphans and recovers', async (t) => {
  const node = await nodeWithProbes(t, { orphan: { mode: 'grandchild' } });
  const m = await node.waitForPhase('orphan', 'monitoring');
  const grandchild = await hostGrandchild(m.pid!);
  await node.killDaemon();
  await node.start();
  t.true(await gone(m.pid!));
  t.true(await gone(grandchild));
  const back = await node.waitForPhase('orphan', 'monitoring');
  t.not(back.pid, m.pid);
});
