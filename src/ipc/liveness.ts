// Ping/pong bookkeeping of one connection: counts intervals that ended without a pong and
// reports the count. It never gives up on the peer: the module machine alone decides when
// missed pongs mean degraded and when they mean a restart (ping_timeout).
export interface LivenessOptions {
  interval: number;
  sendPing: (id: number) => void;
  /** Consecutive missed pongs so far (1, 2, 3, ...), once per interval without a pong. */
  onMissed: (missed: number) => void;
  onRecovered: () => void;
}

export class Liveness {
  private opts: LivenessOptions;
  /** Between start() and stop(), even while an interval of 0 keeps the timer off. */
  private started = false;
  private timer: NodeJS.Timeout | undefined;
  private lastPingId = 0;
  private awaiting = false;
  private missed = 0;

  constructor(opts: LivenessOptions) {
    this.opts = opts;
  }

  /**
   * Pings fall on multiples of the interval on the clock, the same for every connection: a
   * hundred idle modules then wake the daemon once per interval instead of a hundred times
   * spread over it (issue 19). The first ping comes at the next multiple.
   */
  start(): void {
    this.started = true;
    if (this.timer || this.opts.interval <= 0) return;
    const interval = this.opts.interval;
    this.timer = setTimeout(() => {
      this.timer = setInterval(() => this.tick(), interval);
      this.timer.unref();
      this.tick();
    }, interval - (Date.now() % interval));
    this.timer.unref();
  }

  /** Pings every `ms` from now on (from the next multiple of `ms` on the clock). */
  setInterval(ms: number): void {
    if (ms === this.opts.interval) return;
    const started = this.started;
    this.stop();
    this.opts = { ...this.opts, interval: ms };
    if (started) this.start();
  }

  stop(): void {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A pong for any ping already sent proves the peer is alive. Returns false for an unknown id. */
  pong(id: unknown): boolean {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > this.lastPingId) return false;
    this.awaiting = false;
    if (this.missed > 0) {
      this.missed = 0;
      this.opts.onRecovered();
    }
    return true;
  }

  private tick(): void {
    if (this.awaiting) {
      this.missed += 1;
      this.opts.onMissed(this.missed);
    }
    this.lastPingId += 1;
    this.awaiting = true;
    this.opts.sendPing(this.lastPingId);
  }
}
