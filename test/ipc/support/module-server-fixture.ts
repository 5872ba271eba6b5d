// A listening ModuleServer in a fresh temp dir, closed when the test ends.
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { ModuleServer, type ModuleServerOptions } from '../../../src/ipc/module-server.js';
import type { ModuleServerEvents } from '../../../src/ipc/module-server-events.js';
import { captureLog, type CapturedLog } from './capture-log.js';
import { tempDir } from './temp-dir.js';

export interface ServerFixture {
  server: ModuleServer;
  log: CapturedLog;
  dir: string;
  socketPath: string;
}

export async function startServer(t: ExecutionContext, overrides: Partial<ModuleServerOptions> = {}): Promise<ServerFixture> {
  const dir = await tempDir(t);
  const log = captureLog();
  const socketPath = join(dir, 'sockets', 'node.sock');
  const server = new ModuleServer({
    socketPath,
    maxFrame: 1024 * 1024,
    pingInterval: 60_000,
    requestTimeout: 5000,
    log,
    ...overrides,
  });
  await server.listen();
  t.teardown(() => server.close());
  return { server, log, dir, socketPath };
}

/** Waits for the next event of that name whose payload matches. */
export function nextEvent<K extends keyof ModuleServerEvents>(
  server: ModuleServer,
  name: K,
  match: (payload: ModuleServerEvents[K][0]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<ModuleServerEvents[K][0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      server.off(name, listener as never);
      reject(new Error(`no ${String(name)} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: ModuleServerEvents[K][0]): void => {
      if (!match(payload)) return;
      clearTimeout(timer);
      server.off(name, listener as never);
      resolve(payload);
    };
    server.on(name, listener as never);
  });
}

export function expectInstance(server: ModuleServer, module: string, n: number, capabilities: string[] = []) {
  const inst = { module, instanceId: `${module}-i${n}`, token: `tok-${module}-${n}-secret`, capabilities };
  server.expect(inst);
  return inst;
}
