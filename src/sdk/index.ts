// Public surface of the blvm module SDK (`import { connect } from 'blvm/sdk'`).
export { connect, type ConnectOptions } from './connect.js';
export type { ModuleClient, Welcome, ShutdownHandler, EventHandler } from './module-client.js';
export { ModuleRequestError } from './module-request-error.js';
export { readModuleEnv, type ModuleEnv } from './module-env.js';
export type { ApiErrorCode } from '../ipc/api-errors.js';
export type { EventEnvelope, ModuleLogLevel } from '../ipc/envelopes.js';
