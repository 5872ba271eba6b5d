// The environment the node gives every module process it spawns.
import { BlvmError } from '../errors.js';

export interface ModuleEnv {
  socketPath: string;
  module: string;
  token: string;
  dataDir: string;
  configPath: string;
}

const VARIABLES = {
  socketPath: 'BLVM_SOCKET',
  module: 'BLVM_MODULE',
  token: 'BLVM_TOKEN',
  dataDir: 'BLVM_DATA_DIR',
  configPath: 'BLVM_CONFIG',
} as const satisfies Record<keyof ModuleEnv, string>;

/** Reads every BLVM_* variable; the error names each one that is missing or empty. */
export function readModuleEnv(env: Record<string, string | undefined> = process.env): ModuleEnv {
  const missing = Object.values(VARIABLES).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new BlvmError(
      'config_invalid',
      `environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not set: ` +
        'a blvm module must be started by the blvm node',
    );
  }
  const read = (key: keyof ModuleEnv): string => env[VARIABLES[key]] as string;
  return {
    socketPath: read('socketPath'),
    module: read('module'),
    token: read('token'),
    dataDir: read('dataDir'),
    configPath: read('configPath'),
  };
}
