import test from 'ava';
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { waitUntil } from '../../src/testing/wait.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { nodeWithProbes } from './helpers/probe.js';

interface Receiver {
  messages: string[];
  close(): void;
}

// A real notify socket, as systemd binds it for a Type=notify unit.
function notifySocket(path: string): Receiver {
  const unix = createRequire(import.meta.url)('unix-dgram') as {
    createSocket(type: 'unix_dgram', listener: (buf: Buffer) => void): { bind(path: string): void; close(): void };
  };
  const messages: string[] = [];
  const socket = unix.createSocket('unix_dgram', (buf) => messages.push(buf.toString()));
  socket.bind(path);
  return { messages, close: () => socket.close() };
}

test('under a notify unit the daemon sends READY=1 with a status, watchdog pings, and STOPPING=1 on blvm stop', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'blvm-notify-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const receiver = notifySocket(join(dir, 'notify.sock'));
  t.teardown(() => receiver.close());
  const watched = await nodeWithProbes(t, { one: {} }, {
    env: { NOTIFY_SOCKET: join(dir, 'notify.sock'), WATCHDOG_USEC: '400000', JOURNAL_STREAM: '0:0' },
  });
  const has = (prefix: string) => receiver.messages.find((m) => m.split('\n').some((line) => line.startsWith(prefix)));
  const ready = await waitUntil(() => has('READY=1'), { message: () => `READY=1 (got ${JSON.stringify(receiver.messages)})` });
  t.regex(ready, /^STATUS=running: \d+ modules?/m);
  await waitUntil(() => receiver.messages.filter((m) => m.startsWith('WATCHDOG=1')).length >= 2, {
    message: () => `two watchdog pings (got ${JSON.stringify(receiver.messages)})`,
  });
  await watched.waitForPhase('one', 'monitoring');
  await waitUntil(() => receiver.messages.some((m) => /^WATCHDOG=1\nSTATUS=running: 1 module \(1 monitoring\)$/.test(m)), {
    message: () => `a watchdog ping whose status counts the module as monitoring (got ${JSON.stringify(receiver.messages.slice(-3))})`,
  });
  const stop = await watched.cli(['stop']);
  t.is(stop.exitCode, 0, stop.stderr);
  const stopping = await waitUntil(() => has('STOPPING=1'), { message: 'STOPPING=1' });
  t.regex(stopping, /^STATUS=stopping modules/m);
  t.regex(watched.log(), /^\d{4}-\d\d-\d\dT\S+ INFO  node started/m, 'a JOURNAL_STREAM of another stream keeps timestamps');
});

test('log lines carry a journal priority and no timestamp when stderr is the stream named by JOURNAL_STREAM', async (t) => {
  const node = await nodeWithProbes(t, { one: {} }, { start: false });
  const logFile = join(node.root, 'journal.log');
  const fd = openSync(logFile, 'w');
  const stat = statSync(logFile);
  const daemon = spawn('node', [join(PACKAGE_ROOT, 'bin', 'blvm.js'), 'start', '--config', node.configPath], {
    cwd: node.root,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, JOURNAL_STREAM: `${stat.dev}:${stat.ino}` },
  });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => daemon.once('exit', (code) => resolve(code)));
  t.teardown(() => void daemon.kill('SIGKILL'));
  await waitUntil(() => readFileSync(logFile, 'utf8').includes('node started'), { message: () => `node started in ${readFileSync(logFile, 'utf8')}` });
  daemon.kill('SIGTERM');
  t.is(await exited, 0);
  const lines = readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
  t.regex(lines[0], /^<6>INFO  starting blvm/);
  t.true(lines.every((line) => /^<[3467]>(ERROR|WARN |INFO |DEBUG)/.test(line)), lines.join('\n'));
});

test('the shipped systemd unit passes systemd-analyze verify and is a notify unit with a watchdog', async (t) => {
  const unit = join(PACKAGE_ROOT, 'contrib', 'blvm.service');
  const result = await execa('systemd-analyze', ['verify', unit], { reject: false });
  t.is(result.exitCode, 0, result.stderr);
  t.is(result.stderr, '', 'verify printed no warning');
  const text = readFileSync(unit, 'utf8');
  for (const line of ['Type=notify', 'NotifyAccess=main', /^WatchdogSec=\d+s$/m]) t.regex(text, typeof line === 'string' ? new RegExp(`^${line}$`, 'm') : line);
});
