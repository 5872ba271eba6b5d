#!/usr/bin/env node
// event-journal: keeps a durable journal of every node and module event in its own database,
// answers `blvm journal tail|count`, and exposes `journal.count` / `journal.tail` to dependents.
import { connect } from 'blvm/sdk';
import { journalCli } from './journal-cli.js';
import { openJournal } from './journal-db.js';

const client = await connect();
const journal = await openJournal(await client.database('journal'));

await client.expose({
  'journal.count': {
    description: 'events in the journal: total, last sequence number, and per type',
    handler: (params) => journal.count(typeof params?.type === 'string' ? params.type : undefined),
  },
  'journal.tail': {
    description: 'the newest journal entries ({n, type?})',
    handler: (params) => journal.tail(Math.min(Math.max(Number(params?.n ?? 10) || 10, 1), 1000), params?.type),
  },
});
await client.registerCli(journalCli(journal));
// A fresh journal starts with the oldest event the node still has; after that the node's
// cursor says where to resume, so a restart receives exactly what it has not acknowledged.
const fresh = (await journal.count()).count === 0;
const subscription = await client.subscribe({ durable: true, name: 'journal', ...(fresh ? { from: 'oldest' } : {}) });
await client.ready();
client.log('info', `event-journal ready; resuming after event ${subscription.info.acked}`);

// Each event is written before it is acknowledged, and written idempotently (by sequence
// number), so a crash between the two only means the node delivers it once more.
for await (const event of subscription) {
  if (event.type === 'EventsGap') {
    await journal.recordGap(event.data);
    client.log('warn', `journal gap: events ${event.data.from_seq}-${event.data.to_seq} were pruned before they could be journaled`);
    continue;
  }
  if (typeof event.seq !== 'number') continue;
  await journal.record(event);
  subscription.ack(event.seq);
}
