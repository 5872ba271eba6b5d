import test from 'ava';
import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeWithProbes } from './helpers/probe.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { sleep } from '../../src/testing/isolated-node.js';

test('a per-module stop_grace of 3s is honoured for a module that ignores the shutdown request (issue 14)', async (t) => {
  // Global grace: 30 s + 30 s. The module's own: 3 s + 1 s. A stubborn module is SIGKILLed after its own.
  const node = await nodeWithProbes(t, { stubborn: { mode: 'stubborn' } }, {
    supervision: '[supervision]\nready_timeout = "5s"\nstop_grace = "30s"\nkill_grace = "30s"\n',
    extraConfig: '[modules.stubborn.restart]\nstop_grace = "3s"\nkill_grace = "1s"\n',
  });
  await node.waitForPhase('stubborn', 'monitoring');
  const unload = await node.cli(['module', 'unload', 'stubborn'], { timeoutMs: 60_000 });
  t.is(unload.exitCode, 0, unload.stderr);
  const exit = (await node.module('stubborn')).last_exit!;
  t.is(exit.signal, 'SIGKILL');
  t.is(exit.detail, 'SIGKILL after 1000 ms grace');
  t.true(exit.uptimeMs >= 4000, `waited the module's own 3 s + 1 s (${exit.uptimeMs} ms)`);
  t.true(exit.uptimeMs < 30_000, `did not wait the global 30 s (${exit.uptimeMs} ms)`);
});

test('a per-module max_missed_pings above the global one is not cut short by the socket layer (issue 14)', async (t) => {
  const node = await nodeWithProbes(t, { deaf: { mode: 'no-pong' } }, {
    supervision: '[supervision]\nping_interval = "200ms"\nmax_missed_pings = 2\nready_timeout = "5s"\nstop_grace = "1s"\nkill_grace = "1s"\n',
    extraConfig: '[modules.deaf.restart]\nmax_missed_pings = 8\n',
  });
  await node.waitForPhase('deaf', 'monitoring');
  const restarted = await node.waitFor('deaf', (m) => m.last_exit !== null, 30_000);
  t.is(restarted.last_exit?.reason, 'ping_timeout');
  const log = node.log();
  const missed = [...log.matchAll(/module missed a ping .*module=deaf .*missed=(\d+)/g)].map((m) => Number(m[1]));
  t.true(missed.includes(8), `counted up to the module's own 8 missed pongs: ${missed.join(',')}`);
  t.false(/module disconnected .*module=deaf/.test(log.slice(0, log.indexOf('missed=8'))), 'the connection was not dropped before');
  t.notRegex(log, /reason=disconnected/);
});

test('removed node.sock and control.sock are recreated: status works again and a restarted module connects (issue 14)', async (t) => {
  const node = await nodeWithProbes(t, { sleeper: {} });
  const first = await node.waitForPhase('sleeper', 'monitoring');
  await rm(join(node.dataDir, 'control.sock'));
  await rm(join(node.dataDir, 'sockets', 'node.sock'));
  const deadline = Date.now() + 20_000;
  let status = await node.cli(['status']);
  while (status.exitCode !== 0 && Date.now() < deadline) {
    await sleep(100);
    status = await node.cli(['status']);
  }
  t.is(status.exitCode, 0, status.stderr);
  t.regex(node.log(), /control socket file was removed; recreating it/);
  await node.waitFor('sleeper', () => /module socket file was removed; recreating it/.test(node.log()));
  const restart = await node.cli(['module', 'reload', 'sleeper']);
  t.is(restart.exitCode, 0, restart.stderr);
  const second = await node.waitForPhase('sleeper', 'monitoring');
  t.not(second.pid, first.pid);
});

test('module load, reload and release exit 1 with the reason when the module ends rejected, quarantined or failing (issue 14)', async (t) => {
  const node = await nodeWithProbes(t, { broken: { mode: 'exit-at-start' } }, {
    supervision: '[supervision]\ninitial_delay = "50ms"\nmax_delay = "100ms"\nmax_crashes = 2\nready_timeout = "5s"\nstop_grace = "1s"\nkill_grace = "1s"\n',
  });
  await node.waitForPhase('broken', 'quarantined', 30_000);
  const release = await node.cli(['module', 'release', 'broken']);
  t.is(release.exitCode, 1);
  t.regex(release.stderr, /module broken: (quarantined|backoff): phase \w+, last exit code 1 \(crashed\)/);
  await node.waitForPhase('broken', 'quarantined', 30_000);
  await writeFile(join(node.modulesDir, 'broken', 'module.toml'), 'name = "broken"\nversion = "nope"\n');
  const reload = await node.cli(['module', 'reload', 'broken']);
  t.is(reload.exitCode, 1);
  t.regex(reload.stderr, /module broken: (rejected|quarantined)/);
});

test('module reload re-reads the module config from blvm.toml, so module config and the running module agree (issue 14)', async (t) => {
  const node = await nodeWithProbes(t, { tuned: { config: { level: 1 } } });
  await node.waitForPhase('tuned', 'monitoring');
  const text = await readFile(node.configPath, 'utf8');
  await writeFile(node.configPath, text.replace('level = 1', 'level = 2'));
  const reload = await node.cli(['module', 'reload', 'tuned']);
  t.is(reload.exitCode, 0, reload.stderr);
  const shown = JSON.parse((await node.cli(['module', 'config', 'tuned', '--json'])).stdout) as { values: { level: number } };
  t.is(shown.values.level, 2);
  const written = JSON.parse(await readFile(join(node.dataDir, 'modules', 'tuned', 'run', 'config.json'), 'utf8')) as { level: number };
  t.is(written.level, 2);
  const lines = await node.logs('tuned');
  t.regex(lines.filter((l) => l.includes('starting in mode')).at(-1) ?? '', /"level":2/);
});

// Spawns the CLI with a stdout pipe whose reading end is closed at once, like `| head` that went away.
function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'blvm.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

test('CLI commands whose stdout reader is gone exit quietly instead of crashing with EPIPE (issue 14)', async (t) => {
  const node = await nodeWithProbes(t, { one: {}, two: {} });
  await node.waitForPhase('two', 'monitoring');
  for (const args of [['module', 'plan'], ['events', '-n', '50'], ['status']]) {
    const r = await withClosedStdout([...args, '--config', node.configPath]);
    t.is(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    t.is(r.stderr, '', args.join(' '));
  }
});
