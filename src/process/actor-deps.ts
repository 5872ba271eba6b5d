// What the process actor needs from the rest of the daemon.
import type { Logger } from '../log/logger.js';
import type { ChildInstance } from './child-instance.js';
import type { ModuleLogSinks } from './module-log-sinks.js';
import type { PidRegistry } from './pid-registry.js';

/** The slice of the IPC server that binds a spawned instance to its handshake token. */
export interface ProcessIpc {
  expect(inst: { module: string; instanceId: string; token: string; capabilities: string[]; pingInterval: number; held?: boolean }): void;
  /** A held standby becomes the module's instance: its hello is answered. */
  admit(instanceId: string): void;
  forget(instanceId: string): void;
  /** False when the instance has no live connection to send the request over. */
  sendShutdown(instanceId: string, reason: string): boolean;
  /** Pings the instance (once connected) at this interval from now on. */
  setPingInterval(instanceId: string, ms: number): void;
}

export interface ProcessActorDeps {
  ipc: ProcessIpc;
  registry: PidRegistry;
  log: Logger;
  /** Every output line of every module; stderr lines carry the `[stderr] ` prefix. */
  onOutput?: (module: string, line: string) => void;
  /** Receives the module's own `log` messages for its output log. */
  logSinks?: ModuleLogSinks;
  /** Standby instances by instance id, held by the standby actor until a process actor takes one. */
  spares?: Map<string, ChildInstance>;
}
