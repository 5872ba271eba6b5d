// `blvm module search QUERY [--json] [--refresh]`: modules of the configured registry, through
// its REST API checked against the verified index, or from the metadata cache (saying how old).
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { listInstalled } from '../../registry/installed.js';
import { cacheJson, describeCacheUse, openMetadata } from '../../registry/metadata-source.js';
import { restSearch } from '../../registry/rest-client.js';
import { searchIndex } from '../../registry/search.js';
import { describeSplit, splitPrice } from '../../payment/split.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, refresh: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new BlvmError('usage', 'usage: blvm module search QUERY [--json] [--refresh]  ("" lists every module)');
  const config = await io.config();
  const warn = (line: string) => io.stderr(`blvm: warning: ${line}\n`);
  const source = await openMetadata(config, { refresh: values.refresh === true, warn });
  const { verified } = source;
  for (const line of verified.index.skipped) warn(line);
  const found = source.cache === undefined ? await restSearch(verified, positionals[0], { deadlineMs: config.registry.deadline, warn }) : searchIndex(verified.index, positionals[0]);
  const installed = await listInstalled(config);
  const hits = found.map((hit) => ({ ...hit, installed: installed.get(hit.name)?.version ?? null }));
  if (values.json) {
    io.stdout(JSON.stringify({ registry: verified.base.href, index_version: verified.index.signed.version, node_payment_code: verified.index.signed.node_payment_code ?? null, ...cacheJson(source), modules: hits }, null, 2) + '\n');
    return 0;
  }
  const cacheLine = describeCacheUse(source);
  if (cacheLine !== undefined) io.stdout(cacheLine + '\n');
  if (hits.length === 0) {
    io.stdout(`no module in ${verified.base.href} matches "${positionals[0]}"\n`);
    return 0;
  }
  const nodeCode = verified.index.signed.node_payment_code;
  const price = (h: (typeof hits)[number]): string => (h.price_sats === null ? 'free' : `${h.price_sats} sats (${describeSplit(splitPrice({ price_sats: h.price_sats, author_payment_code: '', commons_payment_code: '', node_payment_code: nodeCode }))})`);
  const rows = [['NAME', 'LATEST', 'INSTALLED', 'PRICE', 'DESCRIPTION'], ...hits.map((h) => [h.name, h.latest, h.installed ?? '-', price(h), h.description])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  io.stdout(rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n');
  return 0;
}
