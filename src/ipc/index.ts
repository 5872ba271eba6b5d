// Public surface of the node side of the module socket.
export { ModuleServer, type ModuleServerOptions, type ConnectedInstance } from './module-server.js';
export type { ExpectedInstance } from './instance-registry.js';
export type { RequestContext, RequestHandler } from './request-runner.js';
export type { InstanceRef, ModuleServerEvents } from './module-server-events.js';
export { apiError, toApiError, isApiErrorCode, API_ERROR_CODES, type ApiErrorCode, type ApiErrorBody } from './api-errors.js';
export { encodeFrame, encodeJsonFrame, DEFAULT_MAX_FRAME, FRAME_HEADER_BYTES } from './frame-encode.js';
export { FrameDecoder, type FrameObject } from './frame-decoder.js';
export type * from './envelopes.js';
