import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { sleep } from '../../src/testing/isolated-node.js';
import { apiNode } from '../fixtures/api/api-node.js';
import { readEventLog } from './helpers/event-log-audit.js';

const MiB = 1024 * 1024;
const BUDGET = 2 * MiB;
const SLACK = 2 * MiB;

interface PublishReport {
  accepted: number;
  refused: number;
  errors: Record<string, { details: string[] }>;
}

async function findReport(dir: string): Promise<PublishReport | null> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  const found = entries.find((e) => e.endsWith('publish-report.json'));
  return found ? (JSON.parse(await readFile(join(dir, found), 'utf8')) as PublishReport) : null;
}

test('events over the payload cap are refused with an error naming size and limit, and the event log is kept within its byte budget (issue 13)', async (t) => {
  t.timeout(180_000, 'publishing 150 refused and 200 maximum-size events');
  const node = await apiNode(t, {
    extraConfig: `[store]\nretention_event_bytes = ${BUDGET}\nmax_event_payload = "64KiB"\n`,
    modules: {
      big: {
        fixture: 'big-publisher.mjs',
        capabilities: ['publish_events'],
        config: { big_count: 150, big_bytes: 2 * MiB, max_count: 200, max_bytes: 64 * 1024 },
      },
    },
  });
  let report: PublishReport | null = null;
  const deadline = Date.now() + 150_000;
  while (report === null) {
    if (Date.now() > deadline) throw new Error(`big-publisher wrote no report within 150 s\n${node.log().slice(-3000)}`);
    await sleep(200);
    report = await findReport(join(node.dataDir, 'modules', 'big'));
  }
  t.is(report.refused, 150, 'every 2 MiB event is refused');
  t.is(report.accepted, 200, 'every maximum-size event is taken');
  const [message, { details }] = Object.entries(report.errors)[0];
  t.is(Object.keys(report.errors).length, 1);
  t.regex(message, /^invalid_request: events\.publish: "data" is 2097152 bytes, over the event payload limit of 65536 bytes \(\[store\] max_event_payload\)$/);
  t.deepEqual(details, ['size: 2097152', 'limit: 65536']);
  t.is((await node.module('big')).phase, 'monitoring', 'the module carries on');

  await node.control('getnodestatus');
  const log = await readEventLog(node.dataDir);
  const blobs = log.filter((r) => r.type === 'big.blob');
  const bytes = log.reduce((sum, r) => sum + Buffer.byteLength(r.payload) + r.type.length + r.source.length, 0);
  t.true(bytes <= BUDGET, `the log holds ${bytes} bytes of events, budget ${BUDGET}`);
  t.true(blobs.length > 0 && blobs.length < 200, `${blobs.length} of 200 maximum-size events kept: the oldest were pruned`);
  t.is(await node.stop(), 0);
  const size = (await stat(join(node.dataDir, 'blvm.sqlite'))).size;
  t.true(size <= BUDGET + SLACK, `blvm.sqlite is ${size} bytes, budget ${BUDGET} + slack ${SLACK}`);
  t.log(`150 × 2 MiB refused, 200 × 64 KiB accepted (12.5 MiB); log keeps ${blobs.length} of them, ${bytes} bytes; blvm.sqlite ${size} bytes (budget ${BUDGET} + ${SLACK} slack)`);
});
