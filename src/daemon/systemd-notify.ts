// sd_notify(3) for a `Type=notify` unit: READY=1, STATUS=…, STOPPING=1 and WATCHDOG=1 pings
// sent as datagrams to $NOTIFY_SOCKET (Node has no unix datagram sockets: `unix-dgram` does it).
import { BlvmError } from '../errors.js';
import type { Logger } from '../log/logger.js';

interface DatagramSocket {
  send(buf: Buffer, offset: number, length: number, path: string, cb?: (error?: Error) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
}

export interface SystemdNotifier {
  ready(status: string): void;
  status(text: string): void;
  stopping(status: string): void;
  /** Starts WATCHDOG=1 pings at half of $WATCHDOG_USEC, each with a fresh STATUS line. */
  watchdog(statusText: () => string): void;
  close(): void;
}

/** Half of $WATCHDOG_USEC in ms when the watchdog is meant for this process, else null. */
export function watchdogIntervalMs(env: NodeJS.ProcessEnv, pid = process.pid): number | null {
  const usec = Number(env.WATCHDOG_USEC);
  if (!Number.isSafeInteger(usec) || usec <= 0) return null;
  if (env.WATCHDOG_PID !== undefined && Number(env.WATCHDOG_PID) !== pid) return null;
  return Math.max(1, Math.floor(usec / 2000));
}

/** The notify socket path, or null when not run by systemd; an abstract socket is refused by name. */
export function notifySocketPath(env: NodeJS.ProcessEnv): string | null {
  const path = env.NOTIFY_SOCKET;
  if (path === undefined || path === '') return null;
  if (!path.startsWith('/')) {
    throw new BlvmError('unavailable', `NOTIFY_SOCKET="${path}": only a filesystem socket path is supported, not an abstract one`);
  }
  return path;
}

interface DatagramModule {
  createSocket(type: 'unix_dgram'): DatagramSocket;
}

// Loaded only under systemd, so a machine without the native addon still runs blvm elsewhere.
// (An `import()`, not `createRequire`: the daemon's bundle turns it into a `require`, and
// loading `node:module` would start Node's ES module loader, ~3 MiB.)
async function openDatagramSocket(): Promise<DatagramSocket> {
  const name = 'unix-dgram';
  const unix = (await import(name)) as Partial<DatagramModule> & { default?: DatagramModule };
  return (unix.default ?? (unix as DatagramModule)).createSocket('unix_dgram');
}

/** A notifier for $NOTIFY_SOCKET, or null when the daemon does not run under a notify unit. */
export async function systemdNotifier(env: NodeJS.ProcessEnv, log: Logger): Promise<SystemdNotifier | null> {
  let path: string | null;
  let socket: DatagramSocket;
  try {
    path = notifySocketPath(env);
    if (path === null) return null;
    socket = await openDatagramSocket();
  } catch (error) {
    log.warn('systemd notifications are off', { reason: error instanceof Error ? error.message : String(error) });
    return null;
  }
  const target = path;
  let failed = false;
  const onError = (error: Error): void => {
    if (failed) return;
    failed = true;
    log.warn('systemd notification failed', { socket: target, reason: error.message });
  };
  socket.on('error', onError);
  const send = (...lines: string[]): void => {
    const message = Buffer.from(lines.map((l) => l.replace(/\n/g, ' ')).join('\n'));
    socket.send(message, 0, message.length, target, (error) => error && onError(error));
  };
  let timer: NodeJS.Timeout | undefined;
  return {
    ready: (status) => send('READY=1', `STATUS=${status}`, `MAINPID=${process.pid}`),
    status: (text) => send(`STATUS=${text}`),
    stopping: (status) => send('STOPPING=1', `STATUS=${status}`),
    watchdog(statusText) {
      const interval = watchdogIntervalMs(env);
      if (interval === null) return;
      timer = setInterval(() => send('WATCHDOG=1', `STATUS=${statusText()}`), interval);
      timer.unref();
    },
    close() {
      clearInterval(timer);
      socket.close();
    },
  };
}
