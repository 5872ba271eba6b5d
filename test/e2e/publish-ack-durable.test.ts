import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { apiNode } from '../fixtures/api/api-node.js';
import { pollUntil, readEventLog } from './helpers/event-log-audit.js';

/** The `seq n` lines the publisher wrote for the publishes the node answered. */
async function ackedLines(moduleDir: string): Promise<string[]> {
  const entries = await readdir(moduleDir, { recursive: true }).catch(() => [] as string[]);
  const found = entries.find((e) => e.endsWith('acked.txt'));
  if (!found) return [];
  return (await readFile(join(moduleDir, found), 'utf8')).split('\n').filter((line) => /^\d+ \d+$/.test(line));
}

test('every publish the node answered is in the event log after a SIGKILL of the daemon, with its number and data, although the batch interval is an hour (issue 19)', async (t) => {
  t.timeout(120_000, 'publishing, killing and reading the log');
  const node = await apiNode(t, {
    // An hour between interval commits: only the group commit of an answered publish can make it durable.
    extraConfig: '[store]\nbatch_interval = "1h"\nretention_events = 1000000\nretention_event_bytes = "1GiB"\n[ipc]\nrate_limit = 1000000\n',
    modules: { pub: { fixture: 'acked-publisher.mjs', capabilities: ['publish_events'], config: { in_flight: 16 } } },
  });
  const moduleDir = join(node.dataDir, 'modules', 'pub');
  await pollUntil('the publisher has 2000 answered publishes', 60_000, async () => {
    const lines = await ackedLines(moduleDir);
    return { done: lines.length >= 2000, value: null, detail: `${lines.length} answered` };
  });
  await node.killDaemon();
  const acked = await ackedLines(moduleDir);
  const log = new Map((await readEventLog(node.dataDir)).map((row) => [row.seq, row]));
  const missing: string[] = [];
  for (const line of acked) {
    const [seq, n] = line.split(' ').map(Number);
    const row = log.get(seq);
    if (!row || row.type !== 'pub.tick' || row.source !== 'pub' || JSON.parse(row.payload).n !== n) missing.push(line);
  }
  t.deepEqual(missing.slice(0, 10), [], `${missing.length} of ${acked.length} answered publishes are not in the log as answered`);
  t.true(acked.length >= 2000);
});
