import test from 'ava';
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HISTORY = fileURLToPath(new URL('../fixtures/process/socket-history.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Without the test runner's IPC channel: that would be a socket alive through the whole history.
const { NODE_CHANNEL_FD: _channel, NODE_CHANNEL_SERIALIZATION_MODE: _mode, ...ENV } = process.env;

// stdio is ignored: pipes would make process.stdout and process.stderr sockets that stay alive.
async function laterSocketsFast(dir: string, ...args: string[]): Promise<boolean[]> {
  const out = join(dir, `${args.join('-') || 'plain'}.json`);
  await execa(process.execPath, ['--expose-gc', '--import', 'tsx', HISTORY, out, ...args], { cwd: ROOT, env: ENV, extendEnv: false, stdio: 'ignore', timeout: 60_000 });
  return JSON.parse(await readFile(out, 'utf8')) as boolean[];
}

test('sockets made after the first ones died one by one are dictionary-mode objects unless the shape was settled (issue 19)', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'blvm-socket-shape-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  t.deepEqual(await laterSocketsFast(dir), [false, false, false, false, false], 'the history that turned every module socket of a daemon into a dictionary');
  t.deepEqual(await laterSocketsFast(dir, 'settle'), [true, true, true, true, true]);
});
