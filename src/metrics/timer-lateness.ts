// Event-loop delay without a probe timer of its own: how late a timer the daemon already runs
// (the resource monitor's once-a-second round) fires is a delay sample, recorded into a native
// histogram and read, then cleared, at each /metrics scrape. Light on purpose (perf_hooks
// only): the monitor imports it whether or not metrics are served.
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

/** The event-loop delay figures of the samples since the previous read, in seconds. */
export interface LatenessFigures {
  /** How many timer firings were sampled. */
  samples: number;
  /** The most recent sample. */
  last: number;
  min: number;
  max: number;
  mean: number;
  stddev: number;
  p50: number;
  p90: number;
  p99: number;
}

/** Figures of a read with no sample since the one before: every value unknown. */
const NO_SAMPLE: LatenessFigures = { samples: 0, last: NaN, min: NaN, max: NaN, mean: NaN, stddev: NaN, p50: NaN, p90: NaN, p99: NaN };

export class TimerLateness {
  private readonly histogram: RecordableHistogram = createHistogram();
  private last = NaN;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The moment (ms, on `now`'s clock) a timer set now for `delayMs` is due; give it to `fired`. */
  due(delayMs: number): number {
    return this.now() + delayMs;
  }

  /** Called first thing in the timer's callback: records how late it ran (never below zero). */
  fired(dueAt: number): void {
    this.record(this.now() - dueAt);
  }

  /** Records a lateness of `ms` milliseconds. */
  record(ms: number): void {
    const ns = Math.max(0, ms) * 1e6;
    this.last = ns / 1e9;
    // The histogram takes whole nanoseconds from 1 up.
    this.histogram.record(Math.max(1, Math.round(ns)));
  }

  /** The figures since the previous read (or the start), then starts a new window. */
  read(): LatenessFigures {
    const h = this.histogram;
    if (h.count === 0) return NO_SAMPLE;
    const s = (ns: number) => ns / 1e9;
    const figures = { samples: h.count, last: this.last, min: s(h.min), max: s(h.max), mean: s(h.mean), stddev: s(h.stddev), p50: s(h.percentile(50)), p90: s(h.percentile(90)), p99: s(h.percentile(99)) };
    h.reset();
    return figures;
  }
}

/** The daemon's one recorder: the monitor's timer feeds it, the metrics service reads it. */
export const daemonTimerLateness = new TimerLateness();
