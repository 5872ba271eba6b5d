// The environment the node gives every module process it spawns.
import { BlvmError } from '../errors.js';
import { BACKEND_ENV, parseBackend, type ModuleDatabaseBackend } from '../module-db/backends.js';

export interface ModuleEnv {
  socketPath: string;
  module: string;
  token: string;
  dataDir: string;
  configPath: string;
  /** The backend of the module's key-value stores (BLVM_DATABASE_BACKEND; sqlite when unset). */
  databaseBackend: ModuleDatabaseBackend;
  /** Started as a warm standby (BLVM_STANDBY=1): the welcome comes only when the node admits it. */
  standby: boolean;
}

/** Set to "1" in the environment of a module process started as a warm standby. */
export const STANDBY_ENV = 'BLVM_STANDBY';

const VARIABLES = {
  socketPath: 'BLVM_SOCKET',
  module: 'BLVM_MODULE',
  token: 'BLVM_TOKEN',
  dataDir: 'BLVM_DATA_DIR',
  configPath: 'BLVM_CONFIG',
} as const satisfies Record<Exclude<keyof ModuleEnv, 'databaseBackend' | 'standby'>, string>;

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
  const read = (key: keyof typeof VARIABLES): string => env[VARIABLES[key]] as string;
  return {
    socketPath: read('socketPath'),
    module: read('module'),
    token: read('token'),
    dataDir: read('dataDir'),
    configPath: read('configPath'),
    databaseBackend: parseBackend(env[BACKEND_ENV] || 'sqlite', `environment variable ${BACKEND_ENV}`),
    standby: env[STANDBY_ENV] === '1',
  };
}
