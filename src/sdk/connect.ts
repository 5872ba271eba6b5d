// Entry point of a module: connect to the node named by the environment and say hello.
import { connect as netConnect, type Socket } from 'node:net';
import { BlvmError } from '../errors.js';
import { DEFAULT_MAX_FRAME } from '../ipc/frame-encode.js';
import { ModuleClient } from './module-client.js';
import { readModuleEnv } from './module-env.js';

export interface ConnectOptions {
  /** Where the BLVM_* variables are read; default process.env. */
  env?: Record<string, string | undefined>;
  /** Exit the process (code 0, after shutdown handlers) when the node's socket closes; default true. */
  exitOnClose?: boolean;
  /** Upper bound for shutdown handlers; default 5000 ms (the node waits longer before SIGTERM). */
  shutdownTimeoutMs?: number;
  /** How long to wait for the node's welcome; default 10000 ms. */
  handshakeTimeoutMs?: number;
  /** Largest frame accepted or sent; default 16 MiB, like the node. */
  maxFrame?: number;
}

/** Connects to the node, authenticates with the spawn token and resolves once welcomed. */
export async function connect(opts: ConnectOptions = {}): Promise<ModuleClient> {
  const env = readModuleEnv(opts.env ?? process.env);
  const socket = await openSocket(env.socketPath);
  const client = new ModuleClient(socket, env, {
    exitOnClose: opts.exitOnClose ?? true,
    shutdownTimeoutMs: opts.shutdownTimeoutMs ?? 5000,
    maxFrame: opts.maxFrame ?? DEFAULT_MAX_FRAME,
  });
  await client.start(opts.handshakeTimeoutMs ?? 10_000);
  return client;
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
