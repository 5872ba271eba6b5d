// One Server-Sent Events connection. Memory per client is bounded: a client that does not read
// (its socket buffer passes the limit) is disconnected and resumes later with Last-Event-ID.
import type { ServerResponse } from 'node:http';
import type { FeedItem } from '../live-feed.js';
import { securityHeaders } from './respond.js';

export interface SseOptions {
  heartbeatMs: number;
  /** Bytes buffered for a slow client before it is dropped. */
  maxBufferedBytes: number;
  /** Reconnect delay suggested to the browser. */
  retryMs: number;
}

export const DEFAULT_SSE_OPTIONS: SseOptions = { heartbeatMs: 15_000, maxBufferedBytes: 1 << 20, retryMs: 2000 };

export class SseStream {
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: SseOptions,
    private readonly onClose: () => void,
  ) {
    res.writeHead(200, {
      ...securityHeaders(),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${options.retryMs}\n\n`);
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), options.heartbeatMs);
    res.on('close', () => this.close());
  }

  send(item: FeedItem): void {
    const id = item.id === null ? '' : `id: ${item.id}\n`;
    this.write(`${id}event: ${item.event}\ndata: ${item.data}\n\n`);
  }

  private write(text: string): void {
    if (this.closed) return;
    if (this.res.writableLength > this.options.maxBufferedBytes) {
      this.close();
      return;
    }
    this.res.write(text);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.res.destroy();
    this.onClose();
  }
}
