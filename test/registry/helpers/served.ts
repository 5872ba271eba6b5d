// A registry directory served in-process on 127.0.0.1 for the length of one test.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { publishModule } from '../../../src/registry/publish.js';
import { serveRegistry } from '../../../src/registry/static-server.js';
import type { KeyPair } from './world.js';
import { tempDir } from './world.js';

export interface ServedRegistry {
  dir: string;
  url: string;
  publish(moduleDir: string, opts?: { key?: KeyPair; expiresInMs?: number; now?: Date }): ReturnType<typeof publishModule>;
}

export async function servedRegistry(t: ExecutionContext, key: KeyPair): Promise<ServedRegistry> {
  const dir = join(await tempDir(t, 'blvm-registry-dir-'), 'registry');
  await mkdir(dir, { recursive: true });
  const { server, url } = await serveRegistry(dir, '127.0.0.1', 0);
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return {
    dir,
    url,
    publish: (moduleDir, opts = {}) =>
      publishModule({ moduleDir, registryDir: dir, keys: [(opts.key ?? key).priv], expiresInMs: opts.expiresInMs ?? 86_400_000, now: opts.now }),
  };
}
