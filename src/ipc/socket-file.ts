// Unix socket files: a private directory, no stale leftovers, owner-only permissions.
import { chmod, lstat, mkdir, unlink } from 'node:fs/promises';
import { connect, type Server } from 'node:net';
import { dirname } from 'node:path';
import { BlvmError } from '../errors.js';

/** sun_path on Linux holds 108 bytes including the terminating NUL. */
export const MAX_SOCKET_PATH_BYTES = 107;

export interface PrepareOptions {
  /** chmod the directory to 0700 even when it already exists (dedicated socket directories). */
  enforceDirMode: boolean;
}

/** Creates the socket's directory (0700) and removes a stale socket file nobody listens on. */
export async function prepareSocketPath(socketPath: string, opts: PrepareOptions): Promise<void> {
  const bytes = Buffer.byteLength(socketPath);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw new BlvmError(
      'config_invalid',
      `socket path ${socketPath} is ${bytes} bytes, longer than the ${MAX_SOCKET_PATH_BYTES} bytes a Unix socket allows`,
    );
  }
  const dir = dirname(socketPath);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (opts.enforceDirMode) await chmod(dir, 0o700);
  await removeStaleSocket(socketPath);
}

async function removeStaleSocket(socketPath: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = (await lstat(socketPath)).isSocket();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!isSocket) throw new BlvmError('conflict', `${socketPath} exists and is not a socket; refusing to replace it`);
  if (await someoneListens(socketPath)) {
    throw new BlvmError('conflict', `another process is already listening on ${socketPath}`);
  }
  await unlink(socketPath);
}

function someoneListens(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** Listens on the path and restricts the socket file to its owner. */
export async function listenOnSocket(server: Server, socketPath: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void =>
      reject(new BlvmError('io', `cannot listen on ${socketPath}: ${error.message}`, { cause: error }));
    server.once('error', onError);
    server.listen(socketPath, () => {
      server.off('error', onError);
      resolve();
    });
  });
  await chmod(socketPath, 0o600);
}

/** Removes the socket file; a file that is already gone is fine. */
export async function removeSocketFile(socketPath: string): Promise<void> {
  try {
    await unlink(socketPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Stops accepting and waits until the listener and its remaining connections are closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
  });
}
