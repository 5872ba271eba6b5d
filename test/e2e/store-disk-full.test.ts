import { execFile } from 'node:child_process';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { SqliteDb } from '../../src/store/sqlite.js';
import type { IsolatedNode } from '../../src/testing/isolated-node.js';
import type { NodeStatus } from '../../src/supervision/status-types.js';
import { apiNode } from '../fixtures/api/api-node.js';
import { pollUntil, readEventLog, type LogRow } from './helpers/event-log-audit.js';

const run = promisify(execFile);

// `probe` answers null until the condition holds.
const until = <T>(what: string, deadlineMs: number, probe: () => Promise<T | null>): Promise<T> =>
  pollUntil(what, deadlineMs, async () => {
    const value = await probe();
    return { done: value !== null, value: value as T, detail: 'not yet' };
  });

// Writes into `file` until the filesystem says ENOSPC; returns the bytes written.
async function fillUp(file: string): Promise<number> {
  const fh = await open(file, 'w');
  let written = 0;
  try {
    for (const size of [1024 * 1024, 4096, 512]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          written += (await fh.write(chunk)).bytesWritten;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          break;
        }
      }
    }
  } finally {
    await fh.close().catch(() => {});
  }
  return written;
}

async function integrity(file: string): Promise<string> {
  const db = await SqliteDb.open(file);
  try {
    return (await db.all<{ integrity_check: string }>('PRAGMA integrity_check')).map((r) => r.integrity_check).join('; ');
  } finally {
    await db.close();
  }
}

const ticks = (log: readonly LogRow[]): number[] => log.filter((r) => r.type === 'publisher.tick').map((r) => (JSON.parse(r.payload) as { n: number }).n);

// The data dir is a tmpfs of a few MiB; mounting needs root. A machine that cannot mount fails
// this test rather than skipping it.
async function tmpfsDataDir(t: import('ava').ExecutionContext, node: IsolatedNode, size: string): Promise<void> {
  await mkdir(node.dataDir, { recursive: true });
  await run('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'blvm-test-data', node.dataDir]);
  t.teardown(async () => {
    await node.stop().catch(() => null);
    await run('umount', ['-l', node.dataDir]);
  });
}

test('a full disk under the data dir is survived: modules stay up, status shows the store error, committed events and sqlite files stay intact, and writing resumes when space returns (issue 14)', async (t) => {
  t.timeout(180_000, 'disk-full scenario');
  const node = await apiNode(
    t,
    {
      modules: {
        publisher: { fixture: 'publisher.mjs', capabilities: ['publish_events'], config: { interval_ms: 20, pad_bytes: 2000 } },
        idle: { fixture: 'idle.mjs' },
      },
    },
    (n) => tmpfsDataDir(t, n, '24m'),
  );
  const publisher = await node.waitForPhase('publisher', 'monitoring');
  const idle = await node.waitForPhase('idle', 'monitoring');
  const before = await until('20 ticks committed', 20_000, async () => {
    const log = await readEventLog(node.dataDir);
    return ticks(log).length >= 20 ? log : null;
  });

  const filler = join(node.dataDir, 'filler');
  const filled = await fillUp(filler);
  const failing = await until('the store reports failing writes', 20_000, async () => {
    const s = await node.status();
    return s.store.state === 'failing' ? s : null;
  });
  t.regex(failing.store.error ?? '', /full|SQLITE_FULL|ENOSPC/i, 'the error says the disk is full');
  t.is(failing.node.status, 'degraded');
  const text = await node.cli(['status']);
  t.is(text.exitCode, 0);
  t.regex(text.stdout, /STORE ERROR: writes to .*blvm\.sqlite are failing since .*full/i);
  const json = JSON.parse((await node.cli(['status', '--json'])).stdout) as NodeStatus;
  t.is(json.store.state, 'failing');
  t.truthy(await node.waitForLog(/store writes failing; keeping them queued and retrying/));

  const piled = await until('writes pile up while the disk is full', 30_000, async () => {
    const s = await node.status();
    return s.store.state === 'failing' && s.store.queued >= 100 ? s : null;
  });
  for (const [m, was] of [['publisher', publisher], ['idle', idle]] as const) {
    const now = piled.modules.find((x) => x.name === m);
    t.is(now?.phase, 'monitoring', `${m} is still supervised and up`);
    t.is(now?.pid, was.pid, `${m} was not restarted`);
  }
  const generate = await node.cli(['chain', 'generate', '1']);
  t.not(generate.exitCode, 0, 'a chain write on a full disk fails');
  t.regex(generate.stderr, /full/i);
  t.is(await integrity(join(node.dataDir, 'blvm.sqlite')), 'ok');
  t.is(await integrity(join(node.dataDir, 'chain.sqlite')), 'ok');

  await rm(filler);
  const resumed = await until('writing resumes once space returns', 30_000, async () => {
    const s = await node.status();
    return s.store.state === 'ok' ? s : null;
  });
  t.is(resumed.store.dropped, 0);
  t.truthy(await node.waitForLog(/store writes resumed/));
  const { hashes } = JSON.parse((await node.cli(['chain', 'generate', '2', '--json'])).stdout) as { hashes: string[] };
  const after = await until('new events and the new blocks are committed', 20_000, async () => {
    const log = await readEventLog(node.dataDir);
    const blocks = log.filter((r) => r.type === 'NewBlock').map((r) => (JSON.parse(r.payload) as { hash: string }).hash);
    return hashes.every((h) => blocks.includes(h)) && ticks(log).length > piled.store.queued ? log : null;
  });
  const kept = new Map(after.map((r) => [r.seq, `${r.type} ${r.payload}`]));
  const lost = before.filter((r) => kept.get(r.seq) !== `${r.type} ${r.payload}`);
  t.is(lost.length, 0, 'every event committed before the disk filled is still there, unchanged');
  const n = ticks(after);
  t.deepEqual(n, Array.from({ length: n.length }, (_, i) => i + 1), 'every tick, including those published while the disk was full, is in the log once');
  for (let i = 1; i < after.length; i++) t.true(after[i].seq > after[i - 1].seq);
  t.is(await integrity(join(node.dataDir, 'blvm.sqlite')), 'ok');
  t.is(await integrity(join(node.dataDir, 'chain.sqlite')), 'ok');
  t.is((await node.module('publisher')).pid, publisher.pid, 'the publisher ran through it all');
  t.log(`filled ${filled} bytes; ${piled.store.queued} writes queued while full, 0 dropped; ${before.length} events before, ${after.length} after, losses ${lost.length}`);
});
