// `blvm registry serve DIR [--listen HOST:PORT]`: serves a registry directory read-only until
// SIGINT/SIGTERM. The first stdout line names the bound URL (port 0 = any free port).
import { stat } from 'node:fs/promises';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { INDEX_FILE } from '../../registry/index-types.js';
import { serveRegistry } from '../../registry/static-server.js';
import type { CliIo } from '../io.js';

const USAGE = 'usage: blvm registry serve DIR [--listen HOST:PORT]';
const DEFAULT_LISTEN = '127.0.0.1:7790';

export function parseServeListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(value);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!match || host === undefined || port > 65535 || (host !== 'localhost' && isIP(host) === 0)) {
    throw new BlvmError('usage', `--listen: expected HOST:PORT with an IP address or localhost, e.g. ${DEFAULT_LISTEN} (port 0 = any free port), got "${value}"`);
  }
  return { host, port };
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { listen: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new BlvmError('usage', USAGE);
  const dir = resolve(positionals[0]);
  const { host, port } = parseServeListen(values.listen ?? DEFAULT_LISTEN);
  if (!(await stat(dir).catch(() => null))?.isDirectory()) throw new BlvmError('not_found', `registry directory ${dir} does not exist`);
  if (!(await stat(resolve(dir, INDEX_FILE)).catch(() => null))) io.stderr(`blvm registry serve: warning: ${dir} has no ${INDEX_FILE} yet (blvm registry publish creates it)\n`);
  const { server, url } = await serveRegistry(dir, host, port, (r) => io.stderr(`${r.method} ${r.path} ${r.status} ${r.bytes}\n`));
  io.stdout(`serving ${dir} at ${url}\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close(() => done());
      server.closeAllConnections();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
