// `blvm module plan [--json]`: load order and a verdict with reasons for every discovered module.
import { parseArgs } from 'node:util';
import { planModules } from '../../deps/plan.js';
import { JsonRollbackState } from '../../trust/rollback-state.js';
import { join } from 'node:path';
import type { CliIo } from '../io.js';

export const usage = 'usage: blvm module plan [--json] [--config FILE]';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: false });
  const config = await io.config();
  const rollback = await JsonRollbackState.open(join(config.node.data_dir, 'trust', 'versions.json'));
  const plan = await planModules(config, { rollback });
  if (values.json) {
    io.stdout(
      JSON.stringify(
        {
          order: plan.order,
          modules: plan.modules.map(({ name, dir, version, verdict, reasons, requires, optional }) => ({
            name,
            dir,
            version,
            verdict,
            reasons,
            requires,
            optional,
          })),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.stdout(`load order: ${plan.order.length ? plan.order.join(' -> ') : '(nothing to load)'}\n`);
    for (const m of plan.modules) {
      const mark = m.verdict === 'loadable' ? '✓' : m.verdict === 'disabled' ? '-' : '✗';
      io.stdout(`${mark} ${m.name}${m.version ? '@' + m.version : ''}: ${m.verdict}\n`);
      for (const reason of m.reasons) io.stdout(`    ${reason}\n`);
    }
  }
  return plan.modules.some((m) => m.verdict === 'unloadable') ? 1 : 0;
}
