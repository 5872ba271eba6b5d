// `blvm logs <module> [-n N] [-f]`: reads the module's rotating log files; no daemon needed.
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import { readLogTail } from '../../process/log-tail.js';
import { openRegular, READ_FLAGS } from '../../process/no-follow.js';
import { modulePaths } from '../../supervision/module-paths.js';
import type { CliIo } from '../io.js';

const FOLLOW_POLL_MS = 250;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { lines: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new BlvmError('usage', 'usage: blvm logs <module> [-n N] [-f]');
  const n = values.lines === undefined ? 50 : Number(values.lines);
  if (!Number.isInteger(n) || n < 0) throw new BlvmError('usage', `-n: expected a whole number of lines, got "${values.lines}"`);
  const config = await io.config();
  const dir = modulePaths(config.node.data_dir, positionals[0]).logs;
  const file = join(dir, 'output.log');
  const exists = await lstat(file).catch(() => null);
  if (!exists && !values.follow) {
    throw new BlvmError('not_found', `no logs for module "${positionals[0]}" (looked for ${file})`);
  }
  for (const line of await readLogTail(dir, 'output', n)) io.stdout(line + '\n');
  if (!values.follow) return 0;
  await follow(file, exists?.size ?? 0, io);
  return 0;
}

// Polls the file for growth; a rotation (the file got smaller) restarts from its beginning.
async function follow(file: string, from: number, io: CliIo): Promise<never> {
  let offset = from;
  for (;;) {
    await new Promise((r) => setTimeout(r, FOLLOW_POLL_MS));
    const info = await lstat(file).catch(() => null);
    if (!info) continue;
    if (info.size < offset) offset = 0;
    if (info.size === offset) continue;
    const handle = await openRegular(file, READ_FLAGS);
    try {
      const buffer = Buffer.alloc(info.size - offset);
      await handle.read(buffer, 0, buffer.length, offset);
      io.stdout(buffer.toString('utf8'));
      offset = info.size;
    } finally {
      await handle.close();
    }
  }
}
