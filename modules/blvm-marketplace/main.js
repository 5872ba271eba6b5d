#!/usr/bin/env node
// blvm-marketplace: the module marketplace over the node's payments API. Exposes
// `marketplace.quote`, `marketplace.status` and `marketplace.sales` to other modules and the
// `blvm marketplace` command group to the operator (docs/payments.md).
import { connect } from 'blvm/sdk';
import { market } from './market.js';
import { marketplaceCli } from './marketplace-cli.js';

const client = await connect();
const config = await client.config();
const watched = Array.isArray(config.watch_payment_codes) ? config.watch_payment_codes.map(String) : [];
const marketplace = market(client, watched);
const name = (params) => String(params?.name ?? '');

await client.expose({
  'marketplace.quote': { description: "a paid module's quote for this node ({name})", handler: (params) => marketplace.quote(name(params)) },
  'marketplace.status': { description: "this node's purchases of a module and whether one licenses it ({name})", handler: (params) => marketplace.status(name(params)) },
  'marketplace.sales': { description: 'sales to the watched payment codes, per module', handler: () => marketplace.sales() },
});
await client.registerCli(marketplaceCli(marketplace));
await client.ready();
client.log('info', `blvm-marketplace ready; watching ${watched.length} payment code(s)`);
