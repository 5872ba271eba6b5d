// The BLVM_* environment the node would give a spawned module instance.
import { join } from 'node:path';
import type { ExpectedInstance } from '../../../src/ipc/module-server.js';

export function moduleEnv(socketPath: string, dir: string, inst: ExpectedInstance): Record<string, string> {
  return {
    BLVM_SOCKET: socketPath,
    BLVM_MODULE: inst.module,
    BLVM_TOKEN: inst.token,
    BLVM_DATA_DIR: join(dir, 'data'),
    BLVM_CONFIG: join(dir, `${inst.module}.config.json`),
  };
}
