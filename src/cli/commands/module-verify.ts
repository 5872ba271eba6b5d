// `blvm module verify DIR [--json]`: offline verification of one module directory with the
// node's config. Read-only: rollback state is checked, never recorded.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from '../io.js';
import type { NodeConfig } from '../../config/types.js';
import { errorText } from '../../errors.js';
import { formatVerificationReport } from '../../trust/format-report.js';
import { verifyModule } from '../../trust/verify-module.js';

export const usage = 'usage: blvm module verify DIR [--json]';


export async function run(argv: string[], io: Pick<CliIo, 'stdout' | 'stderr' | 'config'>): Promise<number> {
  let dir: string | undefined;
  let json = false;
  try {
    const parsed = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
    if (parsed.positionals.length > 1) throw new Error(`unexpected argument "${parsed.positionals[1]}"`);
    [dir] = parsed.positionals;
    json = parsed.values.json === true;
  } catch (error) {
    io.stderr(`blvm module verify: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (dir === undefined) {
    io.stderr(`blvm module verify: DIR is required\n${usage}\n`);
    return 2;
  }
  let config: NodeConfig;
  try {
    config = await io.config();
  } catch (error) {
    io.stderr(`blvm module verify: ${errorText(error)}\n`);
    return 1;
  }
  const report = await verifyModule(resolve(dir), config);
  io.stdout(json ? JSON.stringify(report, null, 2) + '\n' : formatVerificationReport(report));
  return report.ok ? 0 : 1;
}
