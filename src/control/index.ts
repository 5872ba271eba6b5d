// Public surface of the operator control socket: the daemon's server and the CLI's client.
export { ControlServer, type ControlServerOptions, type CallHandler, type StreamHandler } from './control-server.js';
export { controlCall, controlStream, type ControlCallOptions, type ControlStreamOptions } from './control-client.js';
export { PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INTERNAL_ERROR, SERVER_ERROR } from './json-rpc.js';
