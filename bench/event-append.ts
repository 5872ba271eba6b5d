// Durable event append: PUBLISHERS modules each publish EVENTS_PER_MODULE events (64 in flight
// each) through the module API. Throughput counts only committed events: from the first event's
// publish time to the moment all of them are readable in the store from another connection.
// Then the daemon is SIGKILLed and started again on the same data, and the events are counted
// once more: an event counted as committed must survive (zero loss), by construction of the
// store's commit (a publish is answered only once its event is committed). `[ipc] rate_limit` is raised for the publishers. Result in events/s against the goal of issue 19 (≥ 20 000/s).
import { storedEvents } from './peers-kit/store-query.js';
import { IsolatedNode, sleep } from '../src/testing/isolated-node.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { goalRow, meets, printTable, writeSummary } from './stats.js';

const PUBLISHERS = Number(process.env.BENCH_PUBLISHERS ?? 4);
const EVENTS_PER_MODULE = Number(process.env.BENCH_APPEND_EVENTS ?? 15_000);
const TOTAL = PUBLISHERS * EVENTS_PER_MODULE;
const IN_FLIGHT = 64;
const POLL_MS = 10;
const DEADLINE_MS = 120_000;
const SDK = new URL('dist/src/sdk/index.js', `file://${PACKAGE_ROOT}/`).href;

const MANIFEST = (name: string) => `name = "${name}"\nversion = "1.0.0"\nentry_point = "main.js"\ncapabilities = ["publish_events"]\n`;
const PUBLISHER = `
const { connect } = await import(${JSON.stringify(SDK)});
const client = await connect();
await client.ready();
let next = 0;
async function lane() {
  while (next < ${EVENTS_PER_MODULE}) {
    const i = next++;
    await client.publish('tick', { i });
  }
}
await Promise.all(Array.from({ length: ${IN_FLIGHT} }, lane));
setInterval(() => {}, 1 << 30);
`;

/** Polls the store until `count` bench events are committed; the time they all were. */
async function waitCommitted(dataDir: string, count: number): Promise<{ committedAt: number; firstAt: number }> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const seen = await storedEvents(dataDir, 'pub').catch(() => ({ count: 0, firstAt: null }));
    if (seen.count >= count && seen.firstAt !== null) return { committedAt: Date.now(), firstAt: seen.firstAt };
    if (Date.now() > deadline) throw new Error(`only ${seen.count} of ${count} events committed after ${DEADLINE_MS / 1000} s`);
    await sleep(POLL_MS);
  }
}

const node = await IsolatedNode.create({
  start: false,
  supervision: '[supervision]\nready_timeout = "60s"\nping_interval = "5s"\n',
  // Above the default 1000 requests/s per module, so the store, not the rate limit, is measured.
  extraConfig: `[store]\nretention_events = ${TOTAL + 10_000}\nretention_event_bytes = "512MiB"\n[ipc]\nrate_limit = 1000000\n`,
});
try {
  for (let i = 0; i < PUBLISHERS; i++) await node.addModule(`pub${i}`, MANIFEST(`pub${i}`), PUBLISHER);
  await node.start();
  const { committedAt, firstAt } = await waitCommitted(node.dataDir, TOTAL);
  const seconds = (committedAt - firstAt) / 1000;
  const perSecond = TOTAL / seconds;
  const killedAt = Date.now();
  await node.killDaemon();
  await node.start();
  // The restarted publishers publish again: only what was there before the kill is counted.
  const after = (await storedEvents(node.dataDir, 'pub', killedAt)).count;
  printTable(`durable event append: ${PUBLISHERS} modules × ${EVENTS_PER_MODULE} events (${IN_FLIGHT} in flight each)`, [
    { published: TOTAL, 'committed s': seconds, 'events/s': Math.round(perSecond), 'after SIGKILL + restart': after, lost: TOTAL - after },
  ]);
  console.log('events/s: first publish → all committed (readable from another connection); counted again after the daemon was SIGKILLed and restarted');
  await writeSummary('event-append', [
    goalRow('durable event append, zero loss', `${Math.round(perSecond)} events/s, ${TOTAL - after} lost`, '≥ 20000 events/s, 0 lost', meets([perSecond, after], (r, n) => r >= 20_000 && n === TOTAL)),
  ]);
} finally {
  await node.destroy();
}
