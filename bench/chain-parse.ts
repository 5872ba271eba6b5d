// Parse + validate throughput of the fixture blocks against plain double-SHA256 over the same
// bytes (measured in this run), and headers validated per second over mainnet 0..9999.
// Prints a table; asserts nothing about speed. Run: npx tsx bench/chain-parse.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBlock } from '../src/chain/block-codec.js';
import { HeaderChain } from '../src/chain/header-chain.js';
import { parseHeaderRun } from '../src/chain/header-codec.js';
import { sha256d } from '../src/chain/hash.js';
import { mainnetParams } from '../src/chain/params.js';
import { validateBlock } from '../src/chain/validate-block.js';
import { fixturesDir } from '../tools/fixtures/location.js';

const fixtures = fixturesDir();
const BLOCKS: [string, number][] = [
  ['277647.bin', 277647],
  ['481829.bin', 481829],
  ['540107.bin', 540107],
  ['574200.bin', 574200],
  ['830000.bin', 830000],
];
const NOW = 2_000_000_000;
const MIN_MS = 400;

/** Runs `fn` repeatedly for at least MIN_MS after a warm-up and returns milliseconds per call. */
function timePerCall(fn: () => void): number {
  for (let i = 0; i < 3; i++) fn();
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < MIN_MS) {
    fn();
    calls++;
    elapsed = performance.now() - start;
  }
  return elapsed / calls;
}

const mbps = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000);
const rows: string[][] = [['block', 'bytes', 'parse MB/s', 'parse+validate MB/s', 'sha256d MB/s', 'validate/sha256d']];
let totalBytes = 0;
let totalFull = 0;
let totalHash = 0;
for (const [file, height] of BLOCKS) {
  const bytes = readFileSync(join(fixtures, 'blocks', file));
  const parseMs = timePerCall(() => parseBlock(bytes));
  const fullMs = timePerCall(() => {
    const verdict = validateBlock(parseBlock(bytes), { params: mainnetParams, now: NOW, height });
    if (!verdict.valid) throw new Error(`${file} did not validate`);
  });
  const hashMs = timePerCall(() => sha256d(bytes));
  totalBytes += bytes.length;
  totalFull += fullMs;
  totalHash += hashMs;
  rows.push([file, String(bytes.length), mbps(bytes.length, parseMs).toFixed(1), mbps(bytes.length, fullMs).toFixed(1), mbps(bytes.length, hashMs).toFixed(1), (hashMs / fullMs).toFixed(3)]);
}
rows.push(['all', String(totalBytes), '', mbps(totalBytes, totalFull).toFixed(1), mbps(totalBytes, totalHash).toFixed(1), (totalHash / totalFull).toFixed(3)]);

const headerBytes = readFileSync(join(fixtures, 'headers', 'mainnet-0-9999.bin'));
const headers = parseHeaderRun(headerBytes);
const runMs = timePerCall(() => {
  const report = new HeaderChain(mainnetParams).validateRun(headers, NOW);
  if (!report.valid) throw new Error('mainnet-0-9999 did not validate');
});

const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
console.log('validate/sha256d: parse+validate throughput as a fraction of double-SHA256 over the same bytes (1.000 = as fast as hashing once)');
console.log(`headers mainnet-0-9999: ${headers.length} validated in ${runMs.toFixed(1)} ms = ${Math.round(headers.length / (runMs / 1000))} headers/s`);
