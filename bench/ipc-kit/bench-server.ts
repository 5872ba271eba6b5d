// The module socket server as the IPC benchmarks run it: no pings, quiet, closed at cleanup.
import { join } from 'node:path';
import { DEFAULT_MAX_FRAME } from '../../src/ipc/frame-encode.js';
import { ModuleServer } from '../../src/ipc/module-server.js';
import { onCleanup, quietLog } from './children.js';

export async function benchModuleServer(dir: string): Promise<ModuleServer> {
  const server = new ModuleServer({
    socketPath: join(dir, 'sockets', 'node.sock'),
    maxFrame: DEFAULT_MAX_FRAME,
    pingInterval: 3_600_000,
    requestTimeout: 30_000,
    log: quietLog,
  });
  await server.listen();
  onCleanup(() => server.close());
  return server;
}
