// Restart latency: SIGKILL of a supervised module → ready again, against a baseline that
// spawns the same kind of program and waits for its socket connect. Ratios, not seconds.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitMonitoringRows } from './peers-kit/store-query.js';
import { IsolatedNode, sleep } from '../src/testing/isolated-node.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { goalRow, meets, percentile, printTable, writeSummary } from './stats.js';

const KILLS = Number(process.env.BENCH_KILLS ?? 20);
const PROBE = join(PACKAGE_ROOT, 'test', 'fixtures', 'modules', 'probe.mjs');
const MANIFEST = 'name = "victim"\nversion = "1.0.0"\nentry_point = "main.js"\ncapabilities = []\n';

async function blvmRestarts(): Promise<number[]> {
  const node = await IsolatedNode.create({
    start: false,
    supervision: '[supervision]\nmax_crashes = 1000\nreset_after = "100ms"\n',
  });
  try {
    await node.addModule('victim', MANIFEST, `import ${JSON.stringify(PROBE)};`);
    await node.start();
    const samples: number[] = [];
    let current = await node.waitForPhase('victim', 'monitoring');
    for (let i = 0; i < KILLS; i++) {
      await sleep(300);
      const killedAt = Date.now();
      process.kill(current.pid!, 'SIGKILL');
      current = await node.waitFor('victim', (m) => m.phase === 'monitoring' && m.pid !== current.pid);
      const back = (await waitMonitoringRows(node.dataDir, killedAt, 1)).get('victim');
      if (back !== undefined) samples.push(back - killedAt);
    }
    return samples;
  } finally {
    await node.destroy();
  }
}

async function baselineSpawns(): Promise<number[]> {
  const dir = await mkdtemp(join(tmpdir(), 'blvm-bench-'));
  const socketPath = join(dir, 'b.sock');
  let onConnect: (() => void) | null = null;
  const server = createServer((socket) => {
    onConnect?.();
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const client = `const s=require('node:net').createConnection(${JSON.stringify(socketPath)});s.on('close',()=>process.exit(0));s.on('error',()=>process.exit(1));`;
  const samples: number[] = [];
  try {
    for (let i = 0; i < KILLS; i++) {
      const started = Date.now();
      const connected = new Promise<void>((resolve) => (onConnect = resolve));
      const child = spawn(process.execPath, ['-e', client], { stdio: 'ignore' });
      await connected;
      samples.push(Date.now() - started);
      await new Promise((resolve) => child.on('exit', resolve));
    }
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
  return samples;
}

const base = await baselineSpawns();
const blvm = await blvmRestarts();
printTable('restart latency after SIGKILL (ms)', [
  { name: 'spawn + socket connect (baseline)', median: percentile(base, 50), p90: percentile(base, 90), n: base.length },
  { name: 'blvm: SIGKILL → ready again', median: percentile(blvm, 50), p90: percentile(blvm, 90), n: blvm.length },
]);
const ratioText = `median ${(percentile(blvm, 50) / percentile(base, 50)).toFixed(2)}x, p90 ${(percentile(blvm, 90) / percentile(base, 90)).toFixed(2)}x`;
console.log(`ratio blvm/baseline: ${ratioText}`);
await writeSummary('restart', [
  goalRow(
    'restart SIGKILL → ready, default sandbox, median',
    `${percentile(blvm, 50)} ms vs floor ${percentile(base, 50)} ms`,
    '≤ floor + 15 ms',
    meets([percentile(blvm, 50), percentile(base, 50)], (b, f) => b <= f + 15),
  ),
  { metric: 'ratio blvm/baseline', value: ratioText },
]);
