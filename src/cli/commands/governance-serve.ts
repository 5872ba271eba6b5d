// `blvm governance serve DIR [--listen HOST:PORT]`: the governance HTTP server over
// DIR/governance.sqlite until SIGINT/SIGTERM, trusting the [governance] maintainers of the
// config. The first stdout line names the bound URL (port 0 = any free port).
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { serveGovernance } from '../../governance/governance-server.js';
import { governanceTrust } from '../../governance/governance-trust.js';
import type { CliIo } from '../io.js';
import { parseServeListen } from './registry-serve.js';

const USAGE = 'usage: blvm governance serve DIR [--listen HOST:PORT]';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { listen: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new BlvmError('usage', USAGE);
  const dir = resolve(positionals[0]);
  const { host, port } = parseServeListen(values.listen ?? '127.0.0.1:7791');
  const trust = governanceTrust(await io.config());
  if (trust.trusted.length < trust.required) throw new BlvmError('config_invalid', `[governance] needs at least ${trust.required} trusted maintainer key(s) to accept proposals; ${trust.trusted.length} configured`);
  await mkdir(dir, { recursive: true });
  const served = await serveGovernance(dir, host, port, trust, (line) => io.stderr(`${line}\n`));
  io.stdout(`serving governance from ${dir} at ${served.url} (${trust.required} of ${trust.trusted.length} maintainer signatures required)\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void served.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
