import test from 'ava';
import { sleep, type IsolatedNode } from '../../src/testing/isolated-node.js';
import { apiNode } from '../fixtures/api/api-node.js';
import { activeChain, chainEventProblems, pollUntil, readEventLog, readJournal, type LogRow } from './helpers/event-log-audit.js';

const ITERATIONS = Number(process.env.BLVM_CRASH_ITERATIONS ?? 30);

/** A small deterministic PRNG, so a failing run can be replayed from the seed it prints. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 2 ** 32;
  };
}

const identity = (row: LogRow): string => `${row.type} ${row.source} ${row.payload}`;

// Fires chain bursts (and now and then a reorg) at the daemon without waiting for them: the kill
// lands wherever they are.
function chainBurst(node: IsolatedNode, random: () => number): void {
  const ignore = (): void => {};
  if (random() < 0.25) {
    void node
      .control<{ height: number }>('getchaintip')
      .then((tip) => (tip.height > 2 ? node.control<{ hash: string }>('getblockhash', { height: tip.height - 1 }) : null))
      .then((b) => (b ? node.control('invalidateblock', { hash: b.hash }) : null))
      .catch(ignore);
  }
  for (let i = 0; i < 3; i++) void node.control('generate', { count: 1 + Math.floor(random() * 4) }).catch(ignore);
}

test('SIGKILL of the daemon at random points during chain bursts and module publishing never reuses a sequence number, loses no committed event, gives every active block one NewBlock, and the durable journal equals the log (issue 14)', async (t) => {
  t.timeout(300_000, 'the crash loop');
  const seed = Number(process.env.BLVM_CRASH_SEED ?? Date.now() % 1_000_000);
  const random = prng(seed);
  const node = await apiNode(t, {
    bundled: ['event-journal'],
    modules: { publisher: { fixture: 'publisher.mjs', capabilities: ['publish_events'], config: { interval_ms: 20 } } },
    extraConfig: '[store]\nretention_events = 1000000\nretention_event_bytes = "1GiB"\n',
  });
  const meaning = new Map<number, string>();
  let losses = 0;
  let renumbered = 0;
  let lastCount = 0;
  let replays = 0;

  // The committed log after a (re)start: compared with everything seen committed before.
  const audit = async (label: string): Promise<void> => {
    const chain = await activeChain(node.dataDir);
    const log = await pollUntil(`${label}: every active block has exactly one NewBlock in the log`, 15_000, async () => {
      const rows = await readEventLog(node.dataDir);
      const problems = chainEventProblems(rows, chain);
      return { done: problems.length === 0, value: rows, detail: problems.slice(0, 5).join('; ') };
    });
    for (let i = 1; i < log.length; i++) t.true(log[i].seq > log[i - 1].seq, `${label}: log order at ${log[i].seq}`);
    const present = new Map(log.map((r) => [r.seq, r]));
    for (const [seq, was] of meaning) {
      const row = present.get(seq);
      if (!row) losses++;
      else if (identity(row) !== was) renumbered++;
    }
    for (const row of log) if (!meaning.has(row.seq)) meaning.set(row.seq, identity(row));
    t.is(losses, 0, `${label}: a committed event disappeared`);
    t.is(renumbered, 0, `${label}: a sequence number changed meaning`);
    lastCount = log.length;

    const last = log[log.length - 1].seq;
    const journal = await pollUntil(`${label}: the journal reaches #${last}`, 20_000, async () => {
      const rows = await readJournal(node.dataDir);
      return { done: (rows.at(-1)?.seq ?? 0) >= last, value: rows, detail: `journal at #${rows.at(-1)?.seq ?? '-'}` };
    });
    const upto = journal.filter((r) => r.seq <= last);
    t.deepEqual(upto.map(identity), log.map(identity), `${label}: the journal equals the log up to #${last}`);
    t.deepEqual(upto.map((r) => r.seq), log.map((r) => r.seq));
  };

  for (let i = 1; i <= ITERATIONS; i++) {
    await node.waitForPhase('event-journal', 'monitoring');
    await node.waitForPhase('publisher', 'monitoring');
    chainBurst(node, random);
    await sleep(20 + Math.floor(random() * 400));
    const t0 = Date.now();
    await node.killDaemon();
    await node.start();
    const t1 = Date.now();
    if (/chain events committed before the last stop but not in the event log/.test(node.log())) replays++;
    await audit(`after kill ${i}`);
    if (process.env.BLVM_CRASH_TIMING) t.log(`start ${t1 - t0} ms, audit ${Date.now() - t1} ms`);
  }
  await node.waitForPhase('event-journal', 'monitoring');
  t.is(await node.stop(), 0);
  await node.start();
  await audit('after a clean restart');
  const blocks = (await activeChain(node.dataDir)).length;
  t.log(`seed ${seed}: ${ITERATIONS} SIGKILLs, ${lastCount} events in the log (${meaning.size} distinct numbers seen), ${blocks} active blocks, ${replays} restarts published chain events from the outbox, losses ${losses}, renumbered ${renumbered}`);
  t.true(blocks > ITERATIONS, 'the bursts mined blocks');
});
