#!/usr/bin/env node
// journal-reporter: asks event-journal (its dependency) how big the journal is, every
// `interval_ms` and on `blvm reporter summary`, and reports the numbers as metrics.
import { connect } from 'blvm/sdk';
import { formatSummary } from './summary.js';

const client = await connect();
const config = await client.config();
const intervalMs = Math.max(100, Number(config.interval_ms ?? 30000));
const state = { reports: 0, failures: 0, lastAt: null, last: null, lastError: null };

async function report() {
  try {
    const counts = await client.call('event-journal', 'journal.count', {}, { timeoutMs: 5000 });
    Object.assign(state, { reports: state.reports + 1, lastAt: Date.now(), last: counts, lastError: null });
    await client.reportMetrics({ 'journal.events': counts.count, 'journal.last_seq': counts.last_seq ?? 0, 'journal.gaps': counts.gaps });
    client.log('info', `journal holds ${counts.count} events (last #${counts.last_seq ?? '-'})`);
    return counts;
  } catch (error) {
    Object.assign(state, { failures: state.failures + 1, lastError: `${error.code ?? 'error'}: ${error.message}` });
    client.log('warn', `journal report failed: ${state.lastError}`);
    throw error;
  }
}

await client.registerCli({
  name: 'reporter',
  about: 'reports on the journal kept by event-journal',
  commands: [
    {
      name: 'summary',
      about: 'ask event-journal now and print what it holds',
      args: [{ name: 'json', long: 'json', help: 'print JSON' }],
      run: async ({ options, stdout }) => {
        const counts = await report();
        const recent = await client.call('event-journal', 'journal.tail', { n: 3 }, { timeoutMs: 5000 });
        stdout(options.json ? `${JSON.stringify({ journal: counts, recent, reporter: state })}\n` : formatSummary(counts, recent, state));
        return 0;
      },
    },
  ],
});
await client.ready();
client.log('info', `journal-reporter ready; reporting every ${intervalMs} ms`);

const timer = setInterval(() => report().catch(() => {}), intervalMs);
client.onShutdown(() => clearInterval(timer));
void report().catch(() => {});
