// A listening Unix socket that stays reachable: when its file is removed (e.g. by a cleanup
// job) the listener is bound again at the same path and a warning is logged. Connections that
// were already open are not affected.
import { lstatSync } from 'node:fs';
import type { Server } from 'node:net';
import { errorText } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { closeServer, listenOnSocket, prepareSocketPath, removeSocketFile, type PrepareOptions } from './socket-file.js';

/** How often the socket file is checked. */
export const SOCKET_CHECK_MS = 1000;

export interface KeptSocketOptions extends PrepareOptions {
  /** What log lines call it, e.g. "module socket". */
  label: string;
  log: Logger;
  checkMs?: number;
  /** Runs after every bind, the first and each recreation (e.g. to share the socket with modules). */
  afterBind?: (path: string) => Promise<void>;
}

export class KeptSocket {
  private timer: NodeJS.Timeout | undefined;
  /** Inode of the file this listener created; null when it does not own the path. */
  private inode: number | null = null;
  /** The check running now, awaited by close() so no rebind outlives the socket. */
  private checking: Promise<void> | null = null;
  private replacedWarned = false;
  private closed = false;

  constructor(
    private readonly server: Server,
    readonly path: string,
    private readonly opts: KeptSocketOptions,
  ) {}

  /** Prepares the directory, replaces a stale socket file, listens (0600), then keeps watching the file. */
  async listen(): Promise<void> {
    await this.bind();
    this.timer = setInterval(() => void this.check(), this.opts.checkMs ?? SOCKET_CHECK_MS);
    this.timer.unref();
  }

  /**
   * Stops watching, waits for a recreation in progress, closes the listener (waiting for its
   * connections) and removes the file it created. Nothing is bound or created after this.
   */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.checking;
    await closeServer(this.server);
    if (this.inode !== null && (await this.currentInode()) === this.inode) await removeSocketFile(this.path);
  }

  private async bind(): Promise<void> {
    await prepareSocketPath(this.path, this.opts);
    await listenOnSocket(this.server, this.path);
    this.inode = await this.currentInode();
    await this.opts.afterBind?.(this.path);
  }

  // Synchronous on purpose: one lstat of a local path each second costs less than handing it to
  // the thread pool and waking the event loop again for the answer (issue 19).
  private async currentInode(): Promise<number | null> {
    try {
      return lstatSync(this.path).ino;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  // One check at a time; a failed rebind is retried on the next tick.
  private check(): Promise<void> {
    if (this.checking || this.closed) return Promise.resolve();
    this.checking = this.checkOnce().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    try {
      const inode = await this.currentInode();
      if (inode !== null && inode === this.inode) return;
      if (inode !== null) {
        if (!this.replacedWarned) this.opts.log.warn(`${this.opts.label} file was replaced by another file; leaving it alone`, { path: this.path });
        this.replacedWarned = true;
        return;
      }
      this.opts.log.warn(`${this.opts.label} file was removed; recreating it`, { path: this.path });
      // Closing only stops accepting: open connections go on. The path is free, so bind again.
      if (this.server.listening) this.server.close();
      if (this.closed) return;
      await this.bind();
      this.replacedWarned = false;
      this.opts.log.info(`${this.opts.label} recreated`, { path: this.path });
    } catch (error) {
      this.opts.log.error(`${this.opts.label} could not be recreated; retrying`, { path: this.path, reason: errorText(error) });
    }
  }
}
