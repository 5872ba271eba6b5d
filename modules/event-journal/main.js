#!/usr/bin/env node
// event-journal: a bundled module that keeps a journal of what it sees in its own data dir.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'blvm/sdk';

const client = await connect();
const journal = join(process.env.BLVM_DATA_DIR, 'journal.log');
const note = (line) => appendFileSync(journal, `${new Date().toISOString()} ${line}\n`);
note(`started, pid ${process.pid}`);
client.onShutdown((reason) => note(`shutdown: ${reason}`));
await client.ready();
client.log('info', 'event-journal ready');
