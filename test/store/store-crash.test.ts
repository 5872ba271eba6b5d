import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { SqliteDb } from '../../src/store/sqlite.js';
import { openTestStore, tempDir } from './helpers.js';

const writer = fileURLToPath(new URL('../fixtures/process/store-writer.js', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

async function committedRows(file: string): Promise<number> {
  const db = await SqliteDb.open(file);
  try {
    return (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM transitions'))?.n ?? 0;
  } finally {
    await db.close();
  }
}

test('a writer killed with SIGKILL leaves a readable store holding every row it had committed', async (t) => {
  const file = path.join(await tempDir(t), 'blvm.sqlite');
  const child = spawn(process.execPath, ['--import', 'tsx', writer, file], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  await once(child.stdout, 'data');

  let seen = 0;
  while (seen < 300) {
    await new Promise((r) => setTimeout(r, 25));
    seen = await committedRows(file);
  }
  child.kill('SIGKILL');
  const [, signal] = await exited;
  t.is(signal, 'SIGKILL');

  const store = await openTestStore(t, file);
  const rows = await store.listTransitions('writer');
  t.true(rows.length >= seen, `${rows.length} rows after the kill, ${seen} seen committed before it`);
  t.true(rows.every((row, i) => row.id === i + 1 && row.to === String(i + 1)), 'rows form a gap-free prefix');
});
