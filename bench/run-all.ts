// `npm run bench`: every benchmark (bench/*.ts except the helpers) in sequence, each in its own
// process; a failing one is reported and the run goes on. At the end the key figures of all of
// them are reprinted in one table: each bench writes them as JSON to BLVM_BENCH_SUMMARY, and
// for one that does not, its printed "ratio …: …" lines are taken instead.
// BENCH_ONLY=cold-start,peers-restart runs a subset; BENCH_TIMEOUT_MS bounds each bench.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/version.js';
import { printTable, type SummaryRow } from './stats.js';

const BENCH_DIR = join(PACKAGE_ROOT, 'bench');
const HELPERS = new Set(['stats.ts', 'run-all.ts']);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 10 * 60_000);
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);

interface BenchRun {
  name: string;
  result: string;
  seconds: number;
  rows: SummaryRow[];
}

let current: ChildProcess | null = null;
let interrupted = false;

async function benchFiles(): Promise<string[]> {
  const files = (await readdir(BENCH_DIR)).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !HELPERS.has(f)).sort();
  return ONLY.length === 0 ? files : files.filter((f) => ONLY.includes(f.replace(/\.ts$/, '')));
}

/** Lines like "ratio blvm/baseline: median 3.85x, p90 4.58x" from a bench that writes no summary. */
function ratioLines(output: string): SummaryRow[] {
  return output
    .split('\n')
    .filter((line) => /^ratio\b/i.test(line.trim()) && line.includes(':'))
    .map((line) => ({ metric: line.slice(0, line.indexOf(':')).trim(), value: line.slice(line.indexOf(':') + 1).trim() }));
}

async function runOne(file: string, summaryFile: string): Promise<BenchRun> {
  const name = file.replace(/\.ts$/, '');
  console.log(`\n=== ${name} ===`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH_DIR, file)], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BLVM_BENCH_SUMMARY: summaryFile },
  });
  current = child;
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stdout.write(chunk);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 60_000).unref();
  }, TIMEOUT_MS);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('close', (c, s) => resolve([c, s])));
  clearTimeout(timer);
  current = null;
  const summary = await readFile(summaryFile, 'utf8').then((text) => (JSON.parse(text) as { rows: SummaryRow[] }).rows, () => null);
  const result = timedOut ? `timed out after ${TIMEOUT_MS / 1000} s` : code === 0 ? 'ok' : `failed (${signal ?? `exit ${code}`})`;
  return { name, result, seconds: Math.round((performance.now() - started) / 1000), rows: summary ?? ratioLines(output) };
}

// Ctrl-C / SIGTERM: the running bench gets SIGTERM and cleans up; no further bench starts.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted = true;
    current?.kill('SIGTERM');
  });
}

const summaries = await mkdtemp(join(tmpdir(), 'blvm-bench-summaries-'));
const runs: BenchRun[] = [];
try {
  for (const file of await benchFiles()) {
    if (interrupted) break;
    runs.push(await runOne(file, join(summaries, `${file}.json`)));
  }
} finally {
  await rm(summaries, { recursive: true, force: true });
}

printTable(
  'benchmark runs',
  runs.map((r) => ({ benchmark: r.name, result: r.result, seconds: r.seconds })),
);
printTable(
  'key figures of every benchmark (ratios as printed by each; see its table above for the method)',
  runs.flatMap((r) =>
    r.rows.length > 0
      ? r.rows.map((row, i) => ({ benchmark: i === 0 ? r.name : '', metric: row.metric, value: row.value }))
      : [{ benchmark: r.name, metric: r.result === 'ok' ? '(no summary; see its output above)' : r.result, value: '' }],
  ),
);
const goals = runs.flatMap((r) => r.rows.filter((row) => row.goal !== undefined).map((row) => ({ benchmark: r.name, ...row })));
printTable(
  'goals of issue 19 (met / missed as measured in this run)',
  goals.map((g) => ({ benchmark: g.benchmark, metric: g.metric, value: g.value, goal: g.goal ?? '', status: g.status ?? '' })),
);
console.log(`goals met: ${goals.filter((g) => g.status === 'met').length} of ${goals.length}`);
if (interrupted) console.log('\ninterrupted: the remaining benchmarks were not run');
process.exitCode = interrupted ? 130 : runs.some((r) => r.result !== 'ok') ? 1 : 0;
