// Ping/pong bookkeeping of one connection: counts intervals that ended without a pong.
export interface LivenessOptions {
  interval: number;
  /** Consecutive missed pongs after which onDead fires; 0 or less never gives up. */
  maxMissed: number;
  sendPing: (id: number) => void;
  onMissed: (missed: number) => void;
  onRecovered: () => void;
  onDead: (missed: number) => void;
}

export class Liveness {
  private readonly opts: LivenessOptions;
  private timer: NodeJS.Timeout | undefined;
  private lastPingId = 0;
  private awaiting = false;
  private missed = 0;

  constructor(opts: LivenessOptions) {
    this.opts = opts;
  }

  start(): void {
    if (this.timer || this.opts.interval <= 0) return;
    this.timer = setInterval(() => this.tick(), this.opts.interval);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
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
      if (this.opts.maxMissed > 0 && this.missed >= this.opts.maxMissed) {
        this.stop();
        this.opts.onDead(this.missed);
        return;
      }
    }
    this.lastPingId += 1;
    this.awaiting = true;
    this.opts.sendPing(this.lastPingId);
  }
}
