// Small helpers shared by the benchmarks: percentiles, ratios, a plain table, the run-all summary.
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const median = (samples: number[]): number => percentile(samples, 50);

/** Wall-clock ms with sub-ms resolution: the clock the daemon stamps its transition rows with, and that processes share. */
export const wall = (): number => performance.timeOrigin + performance.now();

/** The sides in the order of round `round` (from 0): rotated each round, so no side always runs first or always after the same other side. */
export function roundOrder<S>(sides: readonly S[], round: number): S[] {
  return sides.map((_, i) => sides[(i + round) % sides.length]);
}

/**
 * Runs every side once per round, `rounds` rounds, in `roundOrder`, and returns each side's
 * results in round order. Both sides of a ratio then see the same machine over the run: a burst
 * of other work lands on both rather than deciding the verdict (the medians per side compare).
 */
export async function interleavedRounds<S extends string, T>(
  sides: readonly S[],
  rounds: number,
  run: (side: S, round: number) => Promise<T>,
): Promise<Record<S, T[]>> {
  const results = Object.fromEntries(sides.map((side) => [side, [] as T[]])) as Record<S, T[]>;
  for (let round = 0; round < rounds; round++) {
    for (const side of roundOrder(sides, round)) results[side].push(await run(side, round));
  }
  return results;
}

/** A measured number for a line of text: whole numbers as they are, others to `digits` decimals (no float noise). */
export function figure(v: number, digits = 1): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(digits);
}

export function printTable(title: string, rows: Record<string, string | number>[]): void {
  console.log(`\n${title}`);
  const headers = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: string | number) => (typeof v === 'number' ? figure(v, 2) : v);
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => cell(r[h] ?? '').length)));
  console.log(headers.map((h, i) => h.padEnd(widths[i])).join('  ').trimEnd());
  for (const r of rows) console.log(headers.map((h, i) => cell(r[h] ?? '').padEnd(widths[i])).join('  ').trimEnd());
}

/** `a / b` as "1.23x", or "n/a" when either side is missing. */
export function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a';
}

export interface SummaryRow {
  metric: string;
  value: string;
  /** The target from issue 19's table, when this figure has one. */
  goal?: string;
  status?: GoalStatus;
}

export type GoalStatus = 'met' | 'missed' | 'not measured';

/**
 * A figure checked against its goal (issue 19's table): printed as
 * "goal <metric>: <value> (goal <goal>) met|missed" and returned as a summary row for run-all.
 * `met` is null when the figure could not be measured.
 */
export function goalRow(metric: string, value: string, goal: string, met: boolean | null): SummaryRow {
  const status: GoalStatus = met === null ? 'not measured' : met ? 'met' : 'missed';
  console.log(`goal ${metric}: ${value} (goal ${goal}) ${status}`);
  return { metric, value, goal, status };
}

/** True when both sides are numbers and `check` holds; null (not measured) otherwise. */
export function meets(values: number[], check: (...v: number[]) => boolean): boolean | null {
  return values.every(Number.isFinite) ? check(...values) : null;
}

// run-all.ts reprints every benchmark's key figures in one table; each bench writes them to
// the file named by BLVM_BENCH_SUMMARY (nothing happens when run alone).
export async function writeSummary(bench: string, rows: SummaryRow[]): Promise<void> {
  const file = process.env.BLVM_BENCH_SUMMARY;
  if (!file) return;
  const { writeFile } = await import('node:fs/promises');
  await writeFile(file, JSON.stringify({ bench, rows }));
}
