// What a module may put into the node's log: each message cut to a maximum size, and per
// module at most so many messages and bytes per second. Excess messages are dropped and
// counted; the count is reported (one warning per module per second at most) and kept.
import { RateLimiter } from '../api/rate-limiter.js';
import type { Logger } from '../log/logger.js';

export interface ModuleLogLimits {
  bytesPerSecond: number;
  linesPerSecond: number;
  /** Longest message in bytes; longer ones are cut and marked. */
  maxMessage: number;
}

export interface LogDrops {
  lines: number;
  bytes: number;
}

/** Defaults of `[logs]` module_log_bytes_per_second, module_log_lines_per_second and max_log_message. */
export const DEFAULT_MODULE_LOG_LIMITS: ModuleLogLimits = { bytesPerSecond: 64 * 1024, linesPerSecond: 200, maxMessage: 8 * 1024 };

const REPORT_INTERVAL_MS = 1000;

export class ModuleLogBudget {
  private readonly lines: RateLimiter;
  private readonly bytes: RateLimiter;
  private readonly totals = new Map<string, LogDrops>();
  private readonly unreported = new Map<string, LogDrops>();
  private reportTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly limits: ModuleLogLimits,
    private readonly log: Logger,
  ) {
    this.lines = new RateLimiter(limits.linesPerSecond);
    this.bytes = new RateLimiter(limits.bytesPerSecond);
  }

  /**
   * The message as it may be logged (cut to maxMessage), or null when it is dropped because
   * the module is over its rate. `extraBytes` counts what is logged beside it (fields).
   */
  admit(module: string, message: string, extraBytes = 0): string | null {
    const size = Buffer.byteLength(message, 'utf8');
    const text = size > this.limits.maxMessage ? truncate(message, size, this.limits.maxMessage) : message;
    const cost = Math.min(Buffer.byteLength(text, 'utf8') + extraBytes, this.limits.bytesPerSecond);
    if (this.lines.take(module) && this.bytes.take(module, cost)) return text;
    this.count(module, size + extraBytes);
    return null;
  }

  /** Messages of `module` dropped since the node started. */
  drops(module: string): LogDrops {
    return { ...(this.totals.get(module) ?? { lines: 0, bytes: 0 }) };
  }

  /** Reports what is still unreported, now. */
  close(): void {
    clearTimeout(this.reportTimer);
    this.reportTimer = undefined;
    this.report();
  }

  private count(module: string, bytes: number): void {
    for (const map of [this.totals, this.unreported]) {
      const entry = map.get(module) ?? { lines: 0, bytes: 0 };
      entry.lines += 1;
      entry.bytes += bytes;
      map.set(module, entry);
    }
    this.reportTimer ??= setTimeout(() => {
      this.reportTimer = undefined;
      this.report();
    }, REPORT_INTERVAL_MS).unref();
  }

  private report(): void {
    for (const [module, { lines, bytes }] of this.unreported) {
      this.log.warn('module log messages dropped: over the module log rate', {
        module,
        dropped_lines: lines,
        dropped_bytes: bytes,
        limit: `${this.limits.linesPerSecond} lines/s, ${this.limits.bytesPerSecond} bytes/s`,
      });
    }
    this.unreported.clear();
  }
}

// Cuts at a byte length without splitting a character, and says how much was cut.
function truncate(message: string, size: number, max: number): string {
  const head = Buffer.from(message, 'utf8').subarray(0, max).toString('utf8').replace(/\uFFFD+$/, '');
  return `${head}… [truncated ${size - Buffer.byteLength(head, 'utf8')} of ${size} bytes]`;
}
