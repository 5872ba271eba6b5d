// The CLI side of the control socket: one connection per call or stream.
import { connect, type Socket } from 'node:net';
import { BlvmError } from '../errors.js';
import { DEFAULT_MAX_FRAME } from '../ipc/frame-encode.js';
import { FramedSocket } from '../ipc/framed-socket.js';
import { fromJsonRpcError } from './json-rpc.js';

export interface ControlCallOptions {
  /** Default 30000 ms. */
  timeoutMs?: number;
  maxFrame?: number;
}

export interface ControlStreamOptions {
  /** Aborting ends the stream: the connection closes and the promise resolves with undefined. */
  signal?: AbortSignal;
  maxFrame?: number;
}

/** Calls one daemon method and resolves with its result (rejects with the daemon's BlvmError). */
export function controlCall(
  socketPath: string,
  method: string,
  params?: unknown,
  opts: ControlCallOptions = {},
): Promise<unknown> {
  return exchange(socketPath, method, params, { timeoutMs: opts.timeoutMs ?? 30_000, maxFrame: opts.maxFrame });
}

/** Calls a follow-mode method: onItem receives every pushed value, then the final result resolves. */
export function controlStream(
  socketPath: string,
  method: string,
  params: unknown,
  onItem: (value: unknown) => void,
  opts: ControlStreamOptions = {},
): Promise<unknown> {
  return exchange(socketPath, method, params, { onItem, signal: opts.signal, maxFrame: opts.maxFrame });
}

interface ExchangeOptions {
  timeoutMs?: number;
  maxFrame?: number;
  onItem?: (value: unknown) => void;
  signal?: AbortSignal;
}

async function exchange(socketPath: string, method: string, params: unknown, opts: ExchangeOptions): Promise<unknown> {
  if (opts.signal?.aborted) return undefined;
  const socket = await openControlSocket(socketPath);
  return new Promise<unknown>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      framed.close('call finished');
      fn();
    };
    const framed = new FramedSocket(socket, {
      maxFrame: opts.maxFrame ?? DEFAULT_MAX_FRAME,
      onFrame: (frame) => {
        if (frame.id === 1 && 'error' in frame) finish(() => reject(fromJsonRpcError(frame.error, method)));
        else if (frame.id === 1) finish(() => resolve(frame.result));
        else if (frame.method === `${method}.item` && opts.onItem) deliver(frame.params);
      },
      onClose: (reason) =>
        finish(() => reject(new BlvmError('unavailable', `the blvm daemon closed the connection before answering ${method} (${reason})`))),
    });
    const deliver = (value: unknown): void => {
      try {
        opts.onItem?.(value);
      } catch (error) {
        finish(() => reject(error));
      }
    };
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(
            () => finish(() => reject(new BlvmError('timeout', `the blvm daemon did not answer ${method} within ${opts.timeoutMs} ms`))),
            opts.timeoutMs,
          );
    const onAbort = (): void => finish(() => resolve(undefined));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      framed.send({ jsonrpc: '2.0', id: 1, method, ...(params === undefined ? {} : { params }) });
    } catch (error) {
      finish(() => reject(error));
    }
  });
}

function openControlSocket(socketPath: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') {
        reject(new BlvmError('unavailable', `no blvm daemon is running (nothing listening on ${socketPath})`, { cause: error }));
      } else {
        reject(new BlvmError('unavailable', `cannot reach the blvm daemon at ${socketPath}: ${error.code ?? error.message}`, { cause: error }));
      }
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}
