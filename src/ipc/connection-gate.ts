// Bounds what connections to the module socket can hold in the node, whoever opens them:
// sockets open at once, connections still before their hello, and received bytes that are
// not a whole frame yet, summed over every connection.
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Sockets open at once, authenticated or not. */
  maxConnections: number;
  /** Sockets whose hello has not been accepted yet. */
  maxPendingConnections: number;
  /** Received bytes of incomplete frames, summed over every connection. */
  maxBufferedInput: number;
}

export interface GatedConnection {
  close(reason: string): void;
}

export type ShedKind = 'over_max_connections' | 'over_max_pending_connections' | 'over_max_buffered_input';

interface Entry {
  conn: GatedConnection | undefined;
  buffered: number;
}

export class ConnectionGate {
  private readonly open = new Map<Socket, Entry>();
  /** Insertion order = age: the first one is the oldest pending connection. */
  private readonly pending = new Set<Socket>();
  private bufferedTotal = 0;

  constructor(
    readonly limits: ConnectionLimits,
    private readonly shed: (kind: ShedKind) => void,
  ) {}

  /** Sockets currently open. */
  get openCount(): number {
    return this.open.size;
  }

  /** Sockets whose hello has not been accepted yet. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Received bytes of incomplete frames over every connection. */
  get bufferedInput(): number {
    return this.bufferedTotal;
  }

  /**
   * Decides on a socket the moment it is accepted, before anything is read from it: over
   * max_connections it is destroyed (false); over max_pending_connections the oldest pending
   * connection is closed to make room, so a flood cannot lock out a module that really starts.
   */
  admit(socket: Socket): boolean {
    if (this.open.size >= this.limits.maxConnections) {
      socket.destroy();
      this.shed('over_max_connections');
      return false;
    }
    while (this.pending.size >= this.limits.maxPendingConnections) {
      const oldest = this.pending.values().next().value as Socket;
      this.drop(oldest, `closed before its hello: more than ${this.limits.maxPendingConnections} connections wait for their hello`);
      this.shed('over_max_pending_connections');
    }
    this.open.set(socket, { conn: undefined, buffered: 0 });
    this.pending.add(socket);
    socket.once('close', () => this.forget(socket));
    return true;
  }

  /** The connection object that owns an admitted socket (closed when the gate drops it). */
  attach(socket: Socket, conn: GatedConnection): void {
    const entry = this.open.get(socket);
    if (entry) entry.conn = conn;
  }

  /** The socket's hello was accepted: it no longer counts as pending. */
  authenticated(socket: Socket): void {
    this.pending.delete(socket);
  }

  /**
   * Records the bytes a socket holds for incomplete frames. Over max_buffered_input, the
   * connections holding the most are closed until the total fits again.
   */
  buffered(socket: Socket, bytes: number): void {
    const entry = this.open.get(socket);
    if (!entry) return;
    this.bufferedTotal += bytes - entry.buffered;
    entry.buffered = bytes;
    while (this.bufferedTotal > this.limits.maxBufferedInput) {
      const [largest, held] = this.largestHolder();
      this.drop(
        largest,
        `input budget exceeded: ${this.bufferedTotal} bytes of incomplete frames over every connection ` +
          `(max_buffered_input ${this.limits.maxBufferedInput}); this connection held ${held}`,
      );
      this.shed('over_max_buffered_input');
    }
  }

  private largestHolder(): [Socket, number] {
    let best: [Socket, number] | undefined;
    for (const [socket, entry] of this.open) if (!best || entry.buffered > best[1]) best = [socket, entry.buffered];
    return best as [Socket, number];
  }

  // Forgotten at once (its descriptor is closed synchronously by destroy), not at its 'close' event.
  private drop(socket: Socket, reason: string): void {
    const conn = this.open.get(socket)?.conn;
    this.forget(socket);
    conn?.close(reason);
    socket.destroy();
  }

  private forget(socket: Socket): void {
    const entry = this.open.get(socket);
    if (!entry) return;
    this.bufferedTotal -= entry.buffered;
    this.open.delete(socket);
    this.pending.delete(socket);
  }
}
