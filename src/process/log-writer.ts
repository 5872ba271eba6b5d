// Size-capped, rotating log file of a module's output (`output.log`, `output.log.1`, ...).
// Writes never block the daemon: they are queued and written asynchronously. When the queue
// passes its bound (the disk cannot keep up with a chatty child), new output is dropped and
// counted, and a marker line records the loss as soon as a write is accepted again. The files
// are opened O_NOFOLLOW and only when regular, and no directory on the way is a link (issue 13).
import { rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { errorText } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { LineRing } from './line-ring.js';
import { LineSplitter } from './line-splitter.js';
import { APPEND_FLAGS, makeDirBelow, openRegular, renameBelow } from './no-follow.js';

export interface RotatingLogOptions {
  dir: string;
  /** Trusted directory above `dir`: no component of `dir` below it may be a link (default: the parent of `dir`). */
  root?: string;
  /** `stdout`, `stderr`, or `output` for one combined file. */
  baseName: string;
  /** Bytes per file before it is rotated. */
  maxFileSize: number;
  /** Files kept, the current one included. */
  maxFiles: number;
  /** Bytes waiting for the disk beyond which output is dropped (default 1 MiB). */
  maxQueuedBytes?: number;
  /** Lines kept in memory for `tail` (default 200). */
  tailLines?: number;
  log?: Logger;
}

const RING_LINE_CHARS = 4_096;

/**
 * Per file, the writes of its latest writer still in flight. A new writer of the same file (a
 * restarted or admitted instance) writes after them, so the file keeps the order of events
 * even though an exit is reported before its exit line reaches the disk (issue 19).
 */
const writesInFlight = new Map<string, Promise<void>>();

export class RotatingLog {
  readonly file: string;
  private readonly ring: LineRing;
  private readonly splitter: LineSplitter;
  private readonly maxQueuedBytes: number;
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private unreportedDrops = 0;
  private droppedTotal = 0;
  private lastByte = 0x0a;
  private handle: FileHandle | null = null;
  private size = 0;
  private pumping: Promise<void> | null = null;
  private closing: Promise<void> | null = null;
  private readonly root: string;
  /** The previous writer's writes to this file, awaited before the first write of this one. */
  private predecessor: Promise<void> | undefined;

  constructor(private readonly options: RotatingLogOptions) {
    if (!(options.maxFileSize >= 1 && options.maxFiles >= 1)) {
      throw new RangeError(`log rotation needs maxFileSize >= 1 and maxFiles >= 1 (${options.baseName})`);
    }
    this.file = path.join(options.dir, `${options.baseName}.log`);
    this.root = options.root ?? path.dirname(options.dir);
    this.predecessor = writesInFlight.get(this.file);
    this.maxQueuedBytes = options.maxQueuedBytes ?? 1024 * 1024;
    this.ring = new LineRing(options.tailLines ?? 200);
    this.splitter = new LineSplitter((line) =>
      this.ring.add(line.length > RING_LINE_CHARS ? `${line.slice(0, RING_LINE_CHARS)}…` : line),
    );
  }

  /** Bytes dropped so far because the writer was backed up. */
  get droppedBytes(): number {
    return this.droppedTotal;
  }

  write(chunk: Buffer | string): void {
    if (this.closing) return;
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (data.length === 0) return;
    this.splitter.push(data);
    if (this.queuedBytes + data.length > this.maxQueuedBytes) {
      this.unreportedDrops += data.length;
      this.droppedTotal += data.length;
      return;
    }
    this.reportDrops();
    this.enqueue(data);
  }

  /** A line of blvm's own (start, exit, ...): never dropped, since it is what explains the rest. */
  note(text: string): void {
    if (this.closing) return;
    this.reportDrops();
    const data = Buffer.from(`${this.lastByte === 0x0a ? '' : '\n'}[blvm] ${text}\n`);
    this.splitter.push(data);
    this.enqueue(data);
  }

  /** The last `n` lines written (an unterminated last line included), oldest first. */
  tail(n: number): string[] {
    const pending = this.splitter.pending;
    if (pending.length === 0) return this.ring.last(n);
    return n <= 0 ? [] : [...this.ring.last(n - 1), pending.slice(0, RING_LINE_CHARS)];
  }

  /** Resolves once everything queued so far is in the file. */
  async flushed(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  /** Writes everything still queued, then closes the file. Later writes are ignored. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.reportDrops();
      await this.flushed();
      await this.handle?.close().catch(() => {});
      this.handle = null;
    })();
    return this.closing;
  }

  private reportDrops(): void {
    if (this.unreportedDrops === 0) return;
    const lead = this.lastByte === 0x0a ? '' : '\n';
    const marker = `${lead}[blvm] dropped ${this.unreportedDrops} bytes of output: the log writer fell behind\n`;
    this.unreportedDrops = 0;
    this.enqueue(Buffer.from(marker));
  }

  private enqueue(data: Buffer): void {
    this.queue.push(data);
    this.queuedBytes += data.length;
    this.lastByte = data[data.length - 1];
    this.kick();
  }

  private kick(): void {
    if (this.pumping) return;
    const pumping = this.pump().finally(() => {
      this.pumping = null;
      if (writesInFlight.get(this.file) === pumping) writesInFlight.delete(this.file);
      if (this.queue.length > 0) this.kick();
    });
    this.pumping = pumping;
    writesInFlight.set(this.file, pumping);
  }

  private async pump(): Promise<void> {
    if (this.predecessor) {
      await this.predecessor;
      this.predecessor = undefined;
    }
    while (this.queue.length > 0) {
      const data = Buffer.concat(this.queue);
      this.queue = [];
      try {
        await this.writeRotating(data);
      } catch (err) {
        this.droppedTotal += data.length;
        this.options.log?.warn('module log write failed', { file: this.file, bytes: data.length, error: errorText(err) });
        await this.handle?.close().catch(() => {});
        this.handle = null;
      }
      this.queuedBytes -= data.length;
    }
  }

  /** Writes `data`, rotating first whenever the current file cannot take the rest of it. */
  private async writeRotating(data: Buffer): Promise<void> {
    const max = this.options.maxFileSize;
    let offset = 0;
    while (offset < data.length) {
      const handle = this.handle ?? (await this.openFile());
      if (this.size > 0 && this.size + (data.length - offset) > max) {
        await this.rotate();
        continue;
      }
      const length = Math.min(data.length - offset, max - this.size);
      const { bytesWritten } = await handle.write(data, offset, length);
      offset += bytesWritten;
      this.size += bytesWritten;
    }
  }

  private async openFile(): Promise<FileHandle> {
    await makeDirBelow(this.root, this.options.dir, 0o700);
    const handle = await openRegular(this.file, APPEND_FLAGS, 0o640);
    this.size = (await handle.stat()).size;
    this.handle = handle;
    return handle;
  }

  /** `x.log.{k}` → `x.log.{k+1}` from the oldest down, `x.log` → `x.log.1`; the oldest falls off. */
  private async rotate(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
    for (let k = this.options.maxFiles - 1; k >= 2; k -= 1) {
      await renameBelow(this.root, `${this.file}.${k - 1}`, `${this.file}.${k}`).catch(ignoreMissing);
    }
    if (this.options.maxFiles > 1) await renameBelow(this.root, this.file, `${this.file}.1`).catch(ignoreMissing);
    else await rm(this.file, { force: true });
    await this.openFile();
  }
}

function ignoreMissing(err: unknown): void {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
}
