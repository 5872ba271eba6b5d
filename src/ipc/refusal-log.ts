// Refused and shed connections, logged without letting a flood of them flood the node's log:
// the first few each second are logged one by one, the rest are counted and summed up.
import type { Logger } from '../log/logger.js';
import type { ShedKind } from './connection-gate.js';

const DETAILED_PER_SECOND = 10;
const WINDOW_MS = 1000;

export class RefusalLog {
  private windowStart = 0;
  private inWindow = 0;
  private suppressed = 0;
  private shed = new Map<ShedKind, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Logger,
    private readonly limits: () => Record<string, number>,
  ) {}

  refused(peer: string, reason: string): void {
    const now = Date.now();
    if (now - this.windowStart >= WINDOW_MS) {
      this.windowStart = now;
      this.inWindow = 0;
    }
    if (this.inWindow < DETAILED_PER_SECOND) {
      this.inWindow += 1;
      this.log.warn('module connection refused', { peer, reason });
      return;
    }
    this.suppressed += 1;
    this.schedule();
  }

  /** A connection the gate closed or turned away; always summed up, never logged one by one. */
  gateShed(kind: ShedKind): void {
    this.shed.set(kind, (this.shed.get(kind) ?? 0) + 1);
    this.schedule();
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flush();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, WINDOW_MS).unref();
  }

  private flush(): void {
    if (this.suppressed === 0 && this.shed.size === 0) return;
    this.log.warn('module socket connections refused or closed by the connection limits', {
      ...Object.fromEntries(this.shed),
      ...(this.suppressed > 0 ? { other_refusals: this.suppressed } : {}),
      ...this.limits(),
    });
    this.suppressed = 0;
    this.shed = new Map();
  }
}
