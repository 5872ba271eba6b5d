// Apart from src/version.ts so that the SDK, which needs only this, does not search for the
// package root when a module imports it (issue 19).
/** Version of the module IPC protocol spoken by this node. */
export const PROTOCOL_VERSION = 1;
