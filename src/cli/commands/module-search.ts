// `blvm module search QUERY [--json]`: modules of the configured registry, from its verified index.
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { fetchVerifiedIndex } from '../../registry/fetch-index.js';
import { listInstalled } from '../../registry/installed.js';
import { searchIndex } from '../../registry/search.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new BlvmError('usage', 'usage: blvm module search QUERY [--json]  ("" lists every module)');
  const config = await io.config();
  const verified = await fetchVerifiedIndex(config);
  for (const line of verified.index.skipped) io.stderr(`blvm: warning: ${line}\n`);
  const installed = await listInstalled(config);
  const hits = searchIndex(verified.index, positionals[0]).map((hit) => ({ ...hit, installed: installed.get(hit.name)?.version ?? null }));
  if (values.json) {
    io.stdout(JSON.stringify({ registry: verified.base.href, index_version: verified.index.signed.version, modules: hits }, null, 2) + '\n');
    return 0;
  }
  if (hits.length === 0) {
    io.stdout(`no module in ${verified.base.href} matches "${positionals[0]}"\n`);
    return 0;
  }
  const rows = [['NAME', 'LATEST', 'INSTALLED', 'DESCRIPTION'], ...hits.map((h) => [h.name, h.latest, h.installed ?? '-', h.description])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  io.stdout(rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n');
  return 0;
}
