import test from 'ava';
import { waitUntil } from '../../src/testing/wait.js';
import { apiNode, cliJson } from '../fixtures/api/api-node.js';

interface LogItem {
  seq: number;
  type: string;
  data: { n?: number; module_name?: string };
}

test('SIGKILL of the durable event-journal while events are published loses nothing: after its restart its database holds every event, in order, once', async (t) => {
  const node = await apiNode(t, {
    bundled: ['event-journal'],
    modules: { publisher: { fixture: 'publisher.mjs', capabilities: ['publish_events'], config: { interval_ms: 15 } } },
  });
  const before = await node.waitForPhase('event-journal', 'monitoring');
  await node.waitForPhase('publisher', 'monitoring');
  const journaled = async (): Promise<number> => (await cliJson(node, ['journal', 'count', '--type', 'publisher.tick', '--json'])).count;
  await waitUntil(async () => (await journaled()) >= 20, { message: 'the journal to hold 20 ticks' });
  process.kill(before.pid!, 'SIGKILL');
  const after = await node.waitFor('event-journal', (m) => m.phase === 'monitoring' && m.pid !== before.pid);
  t.is(after.last_exit?.signal, 'SIGKILL');
  // Let the restarted journal receive live ticks too before the publisher stops.
  const atRestart = await journaled();
  await waitUntil(async () => (await journaled()) > atRestart, { message: `the restarted journal to journal a tick past ${atRestart}` });
  t.is((await node.cli(['module', 'unload', 'publisher'])).exitCode, 0);

  const log = (await node.cli(['events', '-n', '10000', '--json'])).stdout.split('\n').map((l) => JSON.parse(l) as LogItem);
  const ticks = log.filter((e) => e.type === 'publisher.tick');
  t.deepEqual(ticks.map((e) => e.data.n), Array.from({ length: ticks.length }, (_, i) => i + 1), 'the publisher never stopped');
  const crashed = log.find((e) => e.type === 'ModuleCrashed' && e.data.module_name === 'event-journal')!;
  const reloaded = log.find((e) => e.type === 'ModuleLoaded' && e.data.module_name === 'event-journal' && e.seq > crashed.seq)!;
  const whileDown = ticks.filter((e) => e.seq > crashed.seq && e.seq < reloaded.seq);
  t.true(whileDown.length > 0, 'events were published while the journal was down');

  let count = 0;
  await waitUntil(async () => (count = await journaled()) >= ticks.length, { timeoutMs: 20_000, message: () => `the journal to catch up to ${ticks.length} ticks (has ${count})` });
  const rows = (await node.cli(['journal', 'tail', '-n', '10000', '--type', 'publisher.tick', '--json'])).stdout
    .split('\n')
    .map((l) => JSON.parse(l) as LogItem);
  t.deepEqual(rows.map((r) => r.seq), ticks.map((e) => e.seq), 'every tick, with the node\'s sequence numbers, in order, once');
  t.deepEqual(rows.map((r) => r.data.n), ticks.map((e) => e.data.n));
  const all = await cliJson(node, ['journal', 'count', '--json']);
  t.is(all.gaps, 0);
  t.true(all.by_type.ModuleCrashed >= 1, 'its own crash is in its journal too');
});
