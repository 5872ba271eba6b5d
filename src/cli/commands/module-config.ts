// `blvm module config <name> [--json]`: the module's effective config, merged from the files
// (no daemon needed), each key with where its value comes from, and any schema problem.
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { effectiveModuleConfig } from '../../module-config/effective-config.js';
import { findModule } from '../../module-config/find-module.js';
import { describeSource } from '../../module-config/validate-config.js';
import { modulePaths } from '../../supervision/module-paths.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new BlvmError('usage', 'usage: blvm module config <name> [--json]');
  const name = positionals[0];
  const config = await io.config();
  const loaded = await findModule(config, name);
  const effective = await effectiveModuleConfig(config, name, loaded.dir, loaded.manifest);
  const file = modulePaths(config.node.data_dir, name).configJson;
  const keys = Object.keys(effective.values).sort();
  if (values.json) {
    const report = { module: name, dir: loaded.dir, file, values: effective.values, sources: effective.sources, problems: effective.problems };
    io.stdout(JSON.stringify(report, null, 2) + '\n');
  } else {
    io.stdout(`module ${name}: effective config (written to ${file} at load)\n`);
    const rows = keys.map((key) => [key, JSON.stringify(effective.values[key]), `${effective.sources[key]} (${describeSource(effective.sources[key], name)})`]);
    const widths = [0, 1].map((i) => Math.max(3, ...rows.map((r) => r[i].length)));
    for (const [key, value, source] of [['KEY', 'VALUE', 'SOURCE'], ...rows]) {
      io.stdout(`  ${key.padEnd(widths[0])}  ${value.padEnd(widths[1])}  ${source}\n`);
    }
    if (effective.problems.length) io.stdout(`invalid: the module will be rejected\n${effective.problems.map((p) => `  - ${p}\n`).join('')}`);
  }
  return effective.problems.length ? 1 : 0;
}
