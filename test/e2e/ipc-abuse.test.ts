import test from 'ava';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fixtureResult } from '../fixtures/containment/node.js';
import { daemonPid, nodeUnderAttack, openFds, rssBytes, signal } from '../fixtures/ipc-abuse/node.js';
import { sleep } from '../../src/testing/isolated-node.js';

const MiB = 1024 * 1024;

test('a module looping on connect() keeps the node\'s descriptors bounded; the other module stays monitoring and status answers (issue 13)', async (t) => {
  const node = await nodeUnderAttack(t, 'connect-flood', { extraConfig: '[ipc]\nmax_connections = 64\nmax_pending_connections = 32\n' });
  const pid = await daemonPid(node);
  const baseline = openFds(pid);
  await signal(node, 'go');
  let peak = baseline;
  const deadline = Date.now() + 60_000;
  let attempts = 0;
  while (attempts < 3000 && Date.now() < deadline) {
    peak = Math.max(peak, openFds(pid));
    const line = (await node.logs('hostile', 5)).reverse().find((l) => l.includes('flooding attempts='));
    attempts = Number(/attempts=(\d+)/.exec(line ?? '')?.[1] ?? 0);
    await sleep(20);
  }
  t.log(`descriptors: baseline ${baseline}, peak ${peak} over ${attempts} connection attempts`);
  t.true(peak - baseline <= 64 + 16, `descriptors went from ${baseline} to ${peak} during ${attempts} connection attempts`);
  const status = await node.cli(['status']);
  t.is(status.exitCode, 0, status.stderr);
  t.regex(status.stdout, /calm .*monitoring/);
  t.is((await node.module('calm')).phase, 'monitoring');
  t.is((await node.module('hostile')).phase, 'monitoring', 'its own authenticated connection is untouched');
  await signal(node, 'stop');
  const result = await fixtureResult(node, 'hostile');
  t.true((result.attempts as number) >= 3000, `attempts ${String(result.attempts)}`);
  // Far more connections than max_connections got through and were closed by the node again.
  t.true((result.closedByNode as number) > 4 * 64, `closed by the node ${String(result.closedByNode)}`);
  t.truthy(await node.waitForLog(/module socket connections refused or closed by the connection limits .*over_max_pending_connections=\d+/));
});

test('100 connections announcing a max-size frame before hello are closed and the node\'s memory stays bounded (issue 13)', async (t) => {
  const node = await nodeUnderAttack(t, 'prehello-flood', {
    extraConfig: `[modules.hostile]\nframe_bytes = ${16 * MiB}\npartial_bytes = ${4 * MiB}\n`,
  });
  const pid = await daemonPid(node);
  const before = rssBytes(pid);
  await signal(node, 'go');
  const result = await fixtureResult(node, 'hostile', 30_000);
  const after = rssBytes(pid);
  t.log(`RSS ${(before / MiB).toFixed(1)} MiB before, ${(after / MiB).toFixed(1)} MiB after`);
  t.is(result.closed, 100, JSON.stringify(result));
  t.true(after - before < 64 * MiB, `RSS grew by ${((after - before) / MiB).toFixed(1)} MiB`);
  t.regex(node.log(), /frame of 16777216 bytes exceeds the maximum of 4096 bytes/);
  t.is((await node.module('calm')).phase, 'monitoring');
  t.is((await node.cli(['status'])).exitCode, 0);
});

async function logBytes(dir: string): Promise<number> {
  const names = (await readdir(dir)).filter((n) => n.startsWith('node.log'));
  const sizes = await Promise.all(names.map(async (n) => (await stat(join(dir, n))).size));
  return sizes.reduce((a, b) => a + b, 0);
}

test('200 log frames of 1 MiB add at most the configured log budget to the node log; drops are counted and shown (issue 13)', async (t) => {
  const bytesPerSecond = 16 * 1024;
  const linesPerSecond = 50;
  const node = await nodeUnderAttack(t, 'log-flood', {
    extraConfig:
      '[logs]\ndaemon_log_file = "node.log"\nmax_file_size = "64MiB"\n' +
      `module_log_bytes_per_second = ${bytesPerSecond}\nmodule_log_lines_per_second = ${linesPerSecond}\nmax_log_message = "4KiB"\n`,
  });
  const before = await logBytes(node.root);
  const started = Date.now();
  await signal(node, 'go');
  const result = await fixtureResult(node, 'hostile', 60_000);
  const seconds = (Date.now() - started) / 1000;
  const grown = (await logBytes(node.root)) - before;
  // Every admitted line may also carry the node's timestamp, level and fields (well under 512 bytes).
  const budget = (bytesPerSecond + linesPerSecond * 512) * (seconds + 2);
  t.log(`node log grew by ${grown} bytes in ${seconds.toFixed(1)} s (budget ${Math.round(budget)})`);
  t.true(grown <= budget, `the node log grew by ${grown} bytes in ${seconds} s; budget ${budget}`);
  const requests = result.requests as Record<string, number>;
  t.true((requests.rate_limited ?? 0) > 0, JSON.stringify(requests));
  const info = await node.module('hostile');
  // 220 messages of 1 MiB, each cut to 4 KiB: at most bytesPerSecond / 4 KiB of them pass per second.
  const mostAdmitted = Math.ceil((bytesPerSecond / 4096) * (seconds + 1));
  const dropped = info.log_dropped!;
  t.true(dropped.lines >= 220 - mostAdmitted, `${JSON.stringify(dropped)}, at most ${mostAdmitted} admitted`);
  t.true(dropped.bytes >= dropped.lines * MiB, JSON.stringify(dropped));
  t.regex((await node.cli(['module', 'info', 'hostile'])).stdout, /log drops: {2}\d+ message\(s\), \d+ bytes over the module log rate/);
  t.is((await node.module('calm')).phase, 'monitoring');
  t.is((await node.cli(['status'])).exitCode, 0);
  await node.stop();
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(join(node.root, 'node.log'), 'utf8');
  t.regex(text, /module log messages dropped: over the module log rate .*module=hostile dropped_lines=\d+/);
  t.regex(text, /flood \d+ z+… \[truncated \d+ of \d+ bytes\]/);
});

test('the node\'s own log file is rotated by size, keeping max_files files (issue 13)', async (t) => {
  const node = await nodeUnderAttack(t, 'log-flood', {
    extraConfig: '[logs]\ndaemon_log_file = "node.log"\nmax_file_size = "8KiB"\nmax_files = 2\nmodule_log_bytes_per_second = "1MiB"\n',
  });
  await signal(node, 'go');
  await fixtureResult(node, 'hostile', 60_000);
  await node.stop();
  const names = (await readdir(node.root)).filter((n) => n.startsWith('node.log')).sort();
  t.deepEqual(names, ['node.log', 'node.log.1']);
  for (const name of names) t.true((await stat(join(node.root, name))).size <= 8 * 1024, name);
});
