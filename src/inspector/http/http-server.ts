// A plain node:http server on a configured address: the inspector's page, the metrics endpoint.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BlvmError } from '../../errors.js';

export interface ListeningServer {
  host: string;
  port: number;
  /** The page's URL, e.g. http://127.0.0.1:7780/ */
  url: string;
  close(): Promise<void>;
}

export function inspectorUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
}

/** Who listens, for error messages: its name and the config key that sets its address. */
export interface ListenerName {
  name: string;
  section: string;
}

const INSPECTOR: ListenerName = { name: 'inspector', section: 'inspector' };

export async function listenHttp(
  host: string,
  port: number,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  who: ListenerName = INSPECTOR,
): Promise<ListeningServer> {
  const server = createServer(handler);
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const hint = error.code === 'EADDRINUSE' ? ` (another ${who.name} running? set [${who.section}] listen to a free port or port 0)` : '';
      reject(new BlvmError('unavailable', `the ${who.name} cannot listen on ${host}:${port}: ${error.message}${hint}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen({ host, port }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  return { host, port: actualPort, url: inspectorUrl(host, actualPort), close: () => closeServer(server) };
}

// Long-lived SSE responses would keep close() waiting: every open connection is ended.
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
