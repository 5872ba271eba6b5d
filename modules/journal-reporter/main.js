#!/usr/bin/env node
// journal-reporter: a bundled module that reports on the event journal it depends on.
import { connect } from 'blvm/sdk';

const client = await connect();
await client.ready();
client.log('info', 'journal-reporter ready');
