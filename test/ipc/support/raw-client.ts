// A bare framed client for driving the servers exactly as an arbitrary peer would.
import { connect, type Socket } from 'node:net';
import type { ExecutionContext } from 'ava';
import { FrameDecoder } from '../../../src/ipc/frame-decoder.js';
import { encodeFrame } from '../../../src/ipc/frame-encode.js';
import { PROTOCOL_VERSION } from '../../../src/version.js';

export type Frame = Record<string, any>;

export class RawClient {
  readonly socket: Socket;
  readonly frames: Frame[] = [];
  readonly closed: Promise<void>;
  private readonly waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private answerPings = false;
  /** Pings answered by autoPong so far. */
  pongsSent = 0;

  private constructor(socket: Socket) {
    this.socket = socket;
    const decoder = new FrameDecoder(64 * 1024 * 1024);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk) as Frame[]) this.receive(frame);
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static async open(t: ExecutionContext, path: string): Promise<RawClient> {
    const socket = connect(path);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    const client = new RawClient(socket);
    t.teardown(() => {
      socket.destroy();
    });
    return client;
  }

  /** Connects and completes the handshake; returns the client and the welcome. */
  static async hello(t: ExecutionContext, path: string, module: string, token: string): Promise<[RawClient, Frame]> {
    const client = await RawClient.open(t, path);
    client.send({ kind: 'hello', module, token, protocol: PROTOCOL_VERSION });
    const reply = await client.next();
    return [client, reply];
  }

  send(value: object): void {
    this.socket.write(encodeFrame(value));
  }

  sendRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /**
   * Answers every ping with a pong from now on, first those already received: a ping can come in
   * the same chunk as the welcome, before the caller of hello() gets to switch this on.
   */
  autoPong(on = true): void {
    this.answerPings = on;
    if (!on) return;
    for (let i = this.frames.findIndex(isPing); i >= 0; i = this.frames.findIndex(isPing)) this.pong(this.frames.splice(i, 1)[0]);
  }

  /** Resolves with the first frame (already received or future) that matches; removes it from the queue. */
  next(match: (f: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    const index = this.frames.findIndex(match);
    if (index >= 0) return Promise.resolve(this.frames.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  /** Sends a request and waits for its response. */
  async request(id: string | number, method: string, params: unknown = {}): Promise<Frame> {
    this.send({ kind: 'request', id, method, params });
    return this.next((f) => f.kind === 'response' && f.id === id);
  }

  private pong(ping: Frame): void {
    this.send({ kind: 'pong', id: ping.id });
    this.pongsSent++;
  }

  private receive(frame: Frame): void {
    if (this.answerPings && isPing(frame)) {
      this.pong(frame);
      return;
    }
    const index = this.waiters.findIndex((w) => w.match(frame));
    if (index >= 0) {
      this.waiters.splice(index, 1)[0].resolve(frame);
      return;
    }
    this.frames.push(frame);
  }
}

const isPing = (f: Frame): boolean => f.kind === 'ping';
