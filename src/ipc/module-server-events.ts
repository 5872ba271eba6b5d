// Events a ModuleServer emits, with their payloads.
import type { ApiErrorBody } from './api-errors.js';
import type { ModuleLogLevel, RequestId } from './envelopes.js';

export interface InstanceRef {
  module: string;
  instanceId: string;
}

export interface ModuleServerEvents {
  connected: [InstanceRef];
  /** A standby sent its hello and waits, unanswered, to be admitted. */
  held: [InstanceRef];
  ready: [InstanceRef];
  liveness: [InstanceRef & { missed: number }];
  /** A pong answered ping `id`: the peer is alive (observable so tests wait on it, not on time). */
  pong: [InstanceRef & { id: number }];
  disconnected: [InstanceRef & { reason: string }];
  /** peer = "connection #7", or "<module> (connection #7)" once the hello named a module. */
  refused: [{ peer: string; reason: string }];
  log: [InstanceRef & { level: ModuleLogLevel; message: string }];
  invoke_result: [InstanceRef & { id: RequestId; result?: unknown; error?: ApiErrorBody }];
  /** Output that had piled up for this instance was handed to the kernel; it can take more. */
  drain: [InstanceRef];
}
