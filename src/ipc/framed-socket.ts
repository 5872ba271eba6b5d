// A socket that speaks frames: decodes inbound objects, writes without ever blocking, and
// drops the connection when the peer stops reading and unsent output grows past a bound.
import type { Socket } from 'node:net';
import { BlvmError } from '../errors.js';
import { FrameDecoder, type FrameObject } from './frame-decoder.js';
import { checkPayloadSize, encodeJsonFrame, encodeJsonFrames, encodeSplitFrames, FRAME_HEADER_BYTES, payloadJson, releaseSplitFrames } from './frame-encode.js';

export interface FramedSocketOptions {
  maxFrame: number;
  /** Unsent output allowed before the connection is dropped; default 8 × maxFrame. */
  maxBufferedOutput?: number;
  onFrame: (frame: FrameObject) => void;
  /** Called exactly once, with the first known reason the connection ended. */
  onClose: (reason: string) => void;
  /** Reply sent (best effort) before closing on an undecodable frame. */
  badFrameReply?: (error: BlvmError) => object | undefined;
  /** Called when output that had piled up has been handed to the kernel. */
  onDrain?: () => void;
  /** Largest inbound payload until raised with `inboundLimit` (default maxFrame). */
  inboundLimit?: number;
  /** Called after every read with the bytes now held for frames not yet complete. */
  onBuffered?: (bytes: number) => void;
  /**
   * Frames sent in one turn of the event loop leave in one write (default true). Off, each
   * frame is written at once: a module's requests then reach the node while it still sends
   * the rest, so both sides work at the same time instead of taking turns on whole batches.
   * 'after-first': the first frame of a turn is written at once (the peer starts on it) and
   * the rest of the turn leaves in one write at its end: two system calls per turn, not one per frame.
   */
  batchWrites?: boolean | 'after-first';
}

/** How long a connection closed "with flush" may linger before it is destroyed. */
const FLUSH_GRACE_MS = 1000;

export class FramedSocket {
  readonly socket: Socket;
  private readonly decoder: FrameDecoder;
  private readonly maxFrame: number;
  private readonly maxBufferedOutput: number;
  private readonly opts: FramedSocketOptions;
  private ended = false;
  private corked = false;
  private readonly batchWrites: boolean | 'after-first';
  /** Payloads sent this turn (batchWrites), framed into one buffer at its end or before any other write. */
  private readonly queued: string[] = [];
  /** Their size with headers, counting a UTF-16 unit as one byte (exact for ASCII, at most 3× under). */
  private queuedBytes = 0;

  constructor(socket: Socket, opts: FramedSocketOptions) {
    this.socket = socket;
    this.opts = opts;
    this.maxFrame = opts.maxFrame;
    this.maxBufferedOutput = opts.maxBufferedOutput ?? 8 * opts.maxFrame;
    this.batchWrites = opts.batchWrites ?? true;
    this.decoder = new FrameDecoder(opts.maxFrame);
    if (opts.inboundLimit !== undefined) this.decoder.frameLimit = opts.inboundLimit;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => this.finish(`socket error: ${error.code ?? error.message}`));
    socket.on('close', () => this.finish('peer closed the connection'));
    if (opts.onDrain) socket.on('drain', opts.onDrain);
  }

  get closed(): boolean {
    return this.ended;
  }

  /** Largest inbound payload accepted from now on (never above maxFrame). */
  set inboundLimit(bytes: number) {
    this.decoder.frameLimit = bytes;
  }

  /** Bytes received that are not a whole frame yet. */
  get buffered(): number {
    return this.decoder.pendingBytes;
  }

  /** Bytes written but not yet handed to the kernel. */
  get backlog(): number {
    return this.socket.writableLength + this.queuedBytes;
  }

  /** Writes bytes that are not a frame (fault injection: a peer must survive garbage). */
  sendRaw(bytes: Buffer): boolean {
    if (this.ended) return false;
    this.writeQueued();
    this.socket.write(bytes);
    return true;
  }

  /**
   * Queues one frame. Returns false when the connection is closed or was just dropped for
   * unread output. Throws BlvmError('protocol') when the value encodes larger than maxFrame.
   */
  send(value: object): boolean {
    if (this.ended) return false;
    return this.sendJson(payloadJson(value));
  }

  /** Queues one frame whose payload is already the JSON text of an object; like send(). */
  sendJson(json: string): boolean {
    if (this.ended) return false;
    if (this.batchWrites === false) {
      this.socket.write(encodeJsonFrame(json, this.maxFrame));
      return this.checkBacklog();
    }
    if (this.batchWrites === 'after-first' && !this.corked) {
      this.socket.write(encodeJsonFrame(json, this.maxFrame));
      this.corkUntilTick();
      return this.checkBacklog();
    }
    checkPayloadSize(json, this.maxFrame);
    this.corkUntilTick();
    this.queued.push(json);
    this.queuedBytes += FRAME_HEADER_BYTES + json.length;
    return this.checkBacklog();
  }

  /**
   * Writes payloads given as a per-peer head and a shared body of UTF-8 bytes as one batch,
   * which is one write already: it joins frames corked in this turn, else it is written at once
   * (no cork, no tick). Same return value as send(); throws BlvmError('protocol') (sending
   * nothing) when one is larger than maxFrame.
   */
  sendSplitBatch(heads: readonly Buffer[], bodies: readonly Buffer[]): boolean {
    if (this.ended) return false;
    const batch = encodeSplitFrames(heads, bodies, this.maxFrame);
    this.writeQueued();
    this.socket.write(batch, () => releaseSplitFrames(batch));
    return this.checkBacklog();
  }

  // Frames sent in the same turn of the event loop (e.g. the responses of every request that
  // arrived in one chunk) leave in one write instead of one system call each.
  private corkUntilTick(): void {
    if (this.corked || this.batchWrites === false) return;
    this.corked = true;
    this.socket.cork();
    process.nextTick(() => this.flush());
  }

  /** Writes the frames of this turn now rather than at its end: one the peer waits on to go on. */
  flush(): void {
    if (!this.corked) return;
    this.corked = false;
    if (this.ended) this.dropQueued();
    else this.writeQueued();
    this.socket.uncork();
  }

  // The frames queued this turn as one buffer and one socket write, instead of one of each per frame.
  private writeQueued(): void {
    if (this.queued.length === 0) return;
    const batch = encodeJsonFrames(this.queued);
    this.dropQueued();
    this.socket.write(batch);
  }

  private dropQueued(): void {
    this.queued.length = 0;
    this.queuedBytes = 0;
  }

  private checkBacklog(): boolean {
    const unsent = this.backlog;
    if (unsent > this.maxBufferedOutput) {
      this.close(
        `output buffer exceeded ${this.maxBufferedOutput} bytes (${unsent} unsent; peer is not reading)`,
      );
      return false;
    }
    return true;
  }

  /** Ends the connection. With flush, queued output is sent first (bounded by a short grace). */
  close(reason: string, opts: { flush?: boolean } = {}): void {
    if (this.ended) return;
    this.finish(reason);
    if (opts.flush && !this.socket.destroyed) this.writeQueued();
    this.dropQueued();
    if (opts.flush && !this.socket.destroyed) {
      // Nothing more is read from a peer being closed (what it still sends stays in the kernel),
      // so the socket is destroyed as soon as its output is flushed, not at the peer's end.
      this.socket.pause();
      this.socket.end(() => this.socket.destroy());
      setTimeout(() => this.socket.destroy(), FLUSH_GRACE_MS).unref();
    } else {
      this.socket.destroy();
    }
  }

  private onData(chunk: Buffer): void {
    if (this.ended) return;
    this.decoder.append(chunk);
    while (!this.ended) {
      let frame: FrameObject | undefined;
      try {
        frame = this.decoder.next();
      } catch (error) {
        this.rejectStream(error instanceof BlvmError ? error : new BlvmError('protocol', String(error)));
        return;
      }
      if (frame === undefined) break;
      this.opts.onFrame(frame);
    }
    if (!this.ended) this.opts.onBuffered?.(this.decoder.pendingBytes);
  }

  private rejectStream(error: BlvmError): void {
    const reply = this.opts.badFrameReply?.(error);
    if (reply) this.trySend(reply);
    this.close(`protocol_error: ${error.message}`, { flush: true });
  }

  private trySend(value: object): void {
    try {
      this.send(value);
    } catch {
      // a reply that cannot be encoded is simply not sent; the connection is closing anyway
    }
  }

  private finish(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.opts.onClose(reason);
  }
}
