// Entry point of a module: connect to the node named by the environment and say hello.
import { connect as netConnect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { BlvmError, errorText } from '../errors.js';
import { DEFAULT_MAX_FRAME } from '../ipc/frame-encode.js';
import { ModuleClient } from './module-client.js';
import { readModuleEnv } from './module-env.js';
import { warmHandshakePath } from './standby-warm-up.js';
import { ModuleRequestError } from './module-request-error.js';

export interface ConnectOptions {
  /** Where the BLVM_* variables are read; default process.env. */
  env?: Record<string, string | undefined>;
  /** Exit the process (code 0, after shutdown handlers) when the node's socket closes; default true. */
  exitOnClose?: boolean;
  /** Upper bound for shutdown handlers; default 5000 ms (the node waits longer before SIGTERM). */
  shutdownTimeoutMs?: number;
  /** How long to wait for the node's welcome; default 10000 ms, no limit for a warm standby (which waits to be admitted). */
  handshakeTimeoutMs?: number;
  /** Largest frame accepted or sent; default 16 MiB, like the node. */
  maxFrame?: number;
  /**
   * How long transient failures (the socket busy or briefly absent, the connection closed
   * before the welcome) are retried with back-off; default 30000 ms, the node's default
   * ready_timeout. 0 = one attempt.
   */
  retryForMs?: number;
}

/** Socket errors that say "not now" rather than "never": the node is busy or restarting its socket. */
const TRANSIENT_ERRNO = new Set(['EAGAIN', 'EWOULDBLOCK', 'ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const FIRST_DELAY_MS = 25;
const MAX_DELAY_MS = 1000;

/** Connects to the node, authenticates with the spawn token and resolves once welcomed. */
export async function connect(opts: ConnectOptions = {}): Promise<ModuleClient> {
  const env = readModuleEnv(opts.env ?? process.env);
  const started = Date.now();
  const deadline = started + (opts.retryForMs ?? 30_000);
  for (let attempt = 1; ; attempt += 1) {
    try {
      const maxFrame = opts.maxFrame ?? DEFAULT_MAX_FRAME;
      const client = new ModuleClient(await openSocket(env.socketPath), env, {
        exitOnClose: opts.exitOnClose ?? true,
        shutdownTimeoutMs: opts.shutdownTimeoutMs ?? 5000,
        maxFrame,
      });
      const welcomed = client.start(opts.handshakeTimeoutMs ?? (env.standby ? 0 : 10_000));
      if (env.standby) warmHandshakePath(maxFrame);
      await welcomed;
      return client;
    } catch (error) {
      const delay = backoff(attempt);
      if (!isTransient(error)) throw error;
      if (Date.now() + delay > deadline) throw gaveUp(error, attempt, Date.now() - started);
      await sleep(delay);
    }
  }
}

// Exponential from 25 ms to 1 s, with jitter so that many modules do not retry in step.
function backoff(attempt: number): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

function isTransient(error: unknown): boolean {
  if (error instanceof ModuleRequestError) return error.method === 'hello' && error.code === 'unavailable';
  const code = (error instanceof BlvmError ? (error.cause as NodeJS.ErrnoException | undefined) : undefined)?.code;
  return code !== undefined && TRANSIENT_ERRNO.has(code);
}

function gaveUp(error: unknown, attempts: number, elapsedMs: number): unknown {
  if (attempts === 1) return error;
  return new BlvmError('unavailable', `${errorText(error)} (gave up after ${attempts} attempts in ${elapsedMs} ms)`, { cause: error });
}

function openSocket(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(path);
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve(socket);
    });
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(new BlvmError('unavailable', `cannot connect to the node socket ${path}: ${error.code ?? error.message}`, { cause: error }));
    };
    socket.once('error', onError);
  });
}
