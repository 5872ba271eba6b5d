// Warm standby (issue 19): a real daemon keeps one spare module process held at its handshake
// and admits it when the live one crashes.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import type { ModuleStatus } from '../../src/supervision/status-types.js';
import { nodeWithProbes, probeManifest } from './helpers/probe.js';
import { gone, isAlive } from './helpers/processes.js';

const RAW = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'modules', 'raw-handshake.mjs');

/** The module's status once its spare is held at the handshake (other than the pids in `not`). */
async function readySpare(node: IsolatedNode, name: string, not: number[] = []): Promise<ModuleStatus & { standby: { pid: number } }> {
  const m = await node.waitFor(
    name,
    (s) => s.phase === 'monitoring' && s.standby?.status === 'ready' && s.standby.pid !== null && !not.includes(s.standby.pid),
  );
  return m as ModuleStatus & { standby: { pid: number } };
}

async function logText(node: IsolatedNode, name: string, file: string): Promise<string> {
  return readFile(join(node.dataDir, 'modules', name, 'logs', file), 'utf8').catch(() => '');
}

/**
 * The lines a log file holds for the process with host pid `pid` (a sandboxed module knows
 * itself by another pid): from the node's note naming it to the next process started.
 */
function linesOf(text: string, pid: number): string[] {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => new RegExp(`(module pid|started standby pid|started pid|standby pid) ${pid}\\b`).test(l));
  if (first < 0) return [];
  const rest = lines.slice(first + 1);
  const end = rest.findIndex((l) => l.startsWith('[blvm] started'));
  return end < 0 ? rest : rest.slice(0, end);
}

/** Waits until the module's log file has a line of process `pid` matching `pattern`. */
async function lineIn(node: IsolatedNode, name: string, file: string, pid: number, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const line = linesOf(await logText(node, name, file), pid).find((l) => pattern.test(l));
    if (line !== undefined) return line;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no line of pid ${pid} matching ${pattern} in ${file} within 20 s:\n${await logText(node, name, file)}`);
}

test('a SIGKILLed module is served again by its former spare, and a new spare appears (issue 19)', async (t) => {
  const node = await nodeWithProbes(t, { hot: { config: { standby: true } } });
  const before = await readySpare(node, 'hot');
  t.not(before.standby.pid, before.pid);
  process.kill(before.pid!, 'SIGKILL');
  const after = await node.waitFor('hot', (m) => m.phase === 'monitoring' && m.pid === before.standby.pid);
  t.is(after.pid, before.standby.pid, 'the former spare is the module instance');
  t.is(after.restarts, before.restarts + 1, 'the crash is counted');
  t.is(after.last_exit?.signal, 'SIGKILL');
  t.true(await gone(before.pid!));
  const next = await readySpare(node, 'hot', [before.pid!, before.standby.pid]);
  t.true(isAlive(next.standby.pid));
  t.is(next.pid, before.standby.pid);
  // Waited for: a writer's lines go out after the exit is reported (issue 19).
  const admitted = await lineIn(node, 'hot', 'output.log', before.standby.pid, /\[probe hot\] ready/);
  t.truthy(admitted, 'the adopted spare now writes output.log, after the node notes its admission');
  t.regex(await logText(node, 'hot', 'output.log'), new RegExp(`standby pid ${before.standby.pid} admitted`));
  await lineIn(node, 'hot', 'standby.log', next.standby.pid, /\[probe hot\] starting in mode ok/);
});

test('a SIGKILLed spare is replaced without a crash counted and the live instance untouched (issue 19)', async (t) => {
  const node = await nodeWithProbes(t, { hot: { config: { standby: true } } });
  const before = await readySpare(node, 'hot');
  process.kill(before.standby.pid, 'SIGKILL');
  const after = await readySpare(node, 'hot', [before.standby.pid]);
  t.true(await gone(before.standby.pid));
  t.is(after.pid, before.pid);
  t.is(after.restarts, before.restarts);
  t.deepEqual(after.last_exit, before.last_exit);
  t.is(after.state, 'monitoring.healthy');
  t.truthy(await node.waitForLog(/standby process ended; it is replaced \(not counted as a crash\)/));
});

test('a reload that changes the module config replaces the spare, the new spare runs with the new config, and re-verifying replaces it again (issue 19)', async (t) => {
  const node = await nodeWithProbes(t, { hot: { config: { standby: true, greeting: 'one' } } });
  const before = await readySpare(node, 'hot');
  const text = await readFile(node.configPath, 'utf8');
  await writeFile(node.configPath, text.replace('greeting = "one"', 'greeting = "two"'));
  const reload = await node.cli(['reload'], { timeoutMs: 60_000 });
  t.is(reload.exitCode, 0, reload.stderr);
  const after = await readySpare(node, 'hot', [before.standby.pid]);
  t.not(after.standby.pid, before.standby.pid);
  t.true(await gone(before.standby.pid), 'the old spare is gone');
  await lineIn(node, 'hot', 'standby.log', after.standby.pid, /config .*"greeting":"two"/);

  // A standby that is not a boolean is refused by name and changes nothing.
  await writeFile(node.configPath, text.replace('standby = true', 'standby = "yes"'));
  const invalid = await node.cli(['reload']);
  t.is(invalid.exitCode, 1);
  t.regex(invalid.stderr, /\[modules\.hot\]\.standby: expected true or false, got "yes"/);
  t.is((await node.module('hot')).standby?.pid, after.standby.pid);
  await writeFile(node.configPath, text.replace('greeting = "one"', 'greeting = "two"'));

  // Re-verifying the module (a new snapshot may come of it) replaces the spare too.
  const reverify = await node.cli(['module', 'reload', 'hot']);
  t.is(reverify.exitCode, 0, reverify.stderr);
  const fresh = await readySpare(node, 'hot', [before.standby.pid, after.standby.pid]);
  t.true(await gone(after.standby.pid));
  t.not(fresh.pid, after.pid);
});

test('unload and daemon shutdown leave no spare process behind (issue 19)', async (t) => {
  const node = await nodeWithProbes(t, { hot: { config: { standby: true } } });
  const first = await readySpare(node, 'hot');
  const unload = await node.cli(['module', 'unload', 'hot']);
  t.is(unload.exitCode, 0, unload.stderr);
  t.true(await gone(first.standby.pid), 'the spare goes with its module');
  t.true(await gone(first.pid!));
  t.is((await node.module('hot')).standby, null);

  const load = await node.cli(['module', 'load', 'hot']);
  t.is(load.exitCode, 0, load.stderr);
  const second = await readySpare(node, 'hot', [first.standby.pid]);
  t.is(await node.stop(), 0);
  t.true(await gone(second.standby.pid), 'the spare goes with the daemon');
  t.true(await gone(second.pid!));
});

test('a spare receives nothing and its requests are refused until it is admitted (issue 19)', async (t) => {
  const node = await IsolatedNode.create({ start: false, extraConfig: '[modules.raw]\nstandby = true\n' });
  t.teardown(() => node.destroy());
  await node.addModule('raw', probeManifest('raw'), `import ${JSON.stringify(RAW)};`);
  await node.start();
  const before = await readySpare(node, 'raw');
  const spare = before.standby.pid;
  await lineIn(node, 'raw', 'standby.log', spare, /started standby=1/);
  await lineIn(node, 'raw', 'standby.log', spare, /frame 1 response id=1 error=unavailable/);
  // While the live instance is pinged, the spare gets nothing: no welcome, no ping, no event.
  const frames = [...(await logText(node, 'raw', 'output.log')).matchAll(/ frame (\d+) /g)].map((m) => Number(m[1]));
  await lineIn(node, 'raw', 'output.log', before.pid!, new RegExp(`frame ${Math.max(0, ...frames) + 3} ping`));
  t.deepEqual(linesOf(await logText(node, 'raw', 'standby.log'), spare).filter((l) => l.includes(' frame ')).length, 1);

  process.kill(before.pid!, 'SIGKILL');
  await node.waitFor('raw', (m) => m.phase === 'monitoring' && m.pid === spare);
  await lineIn(node, 'raw', 'output.log', spare, /frame 2 welcome/);
  await lineIn(node, 'raw', 'output.log', spare, /frame \d+ response id=2 ok/);
  const admitted = linesOf(await logText(node, 'raw', 'output.log'), spare);
  t.false(admitted.some((l) => / frame 1 /.test(l)), 'the refused request was the only frame before the welcome');
});
