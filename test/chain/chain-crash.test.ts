import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { generateBlocks } from '../../src/chain/chain-generate.js';
import { ChainStore } from '../../src/chain/chain-store.js';
import { regtestParams } from '../../src/chain/params.js';
import { SqliteDb } from '../../src/store/sqlite.js';
import { auditChainFile } from './helpers/audit-chain-file.js';
import { tempChainDir } from './helpers/chain-store.js';

const writer = fileURLToPath(new URL('./helpers/chain-writer.ts', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the writer until it has finished `steps` more steps, then SIGKILLs it mid-write. */
async function writeThenKill(file: string, steps: number, extraMs: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, file], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  try {
    let done = 0;
    const reached = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        done += String(chunk).split('\n').filter(Boolean).length;
        if (done >= steps) resolve();
      });
    });
    await Promise.race([reached, exited]);
    await new Promise((r) => setTimeout(r, extraMs));
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  const [code, signal] = await exited;
  if (signal !== 'SIGKILL') throw new Error(`the chain writer ended on its own (code ${code}, signal ${signal})`);
}

test('a chain writer SIGKILLed at any moment leaves a consistent store: most-work tip, all its blocks, a matching tx index and UTXO set', async (t) => {
  const file = join(await tempChainDir(t), 'chain.sqlite');
  const rounds: [number, number][] = [
    [25, 0],
    [40, 3],
    [60, 7],
    [30, 1],
    [50, 5],
    [80, 11],
  ];
  for (const [steps, extraMs] of rounds) {
    await writeThenKill(file, steps, extraMs);
    const audit = await auditChainFile(file);
    t.deepEqual(audit.problems, [], `after a kill following ${steps} steps`);
    t.true(audit.height > 0);
    t.log(`height ${audit.height} after ${steps} more steps`);

    const store = await ChainStore.open(file, { params: regtestParams });
    t.is(store.tip().hash, audit.tip, 'the store reopens at the tip on disk');
    await store.close();
  }
});

test('the consistency audit notices a tip with less work than another chain, and a tx index and UTXO set that disagree', async (t) => {
  const file = join(await tempChainDir(t), 'chain.sqlite');
  const store = await ChainStore.open(file, { params: regtestParams });
  const hashes = await generateBlocks(store, 3);
  await store.close();
  t.deepEqual((await auditChainFile(file)).problems, []);
  const db = await SqliteDb.open(file);
  await db.run('UPDATE tip SET hash = ? WHERE id = 1', [hashes[1]]);
  await db.close();
  const problems = (await auditChainFile(file)).problems;
  t.true(problems.some((p) => p.includes(`has less work than ${hashes[2]}`)), problems.join('\n'));
  t.true(problems.some((p) => p.startsWith('tx index has 4 rows, the tip chain has 3 txids')), problems.join('\n'));
  t.true(problems.some((p) => p.startsWith('UTXO set has 3 coins, the tip chain leaves 2')), problems.join('\n'));
  t.true(problems.some((p) => p.startsWith('undo rows (3) are not exactly')), problems.join('\n'));
});
