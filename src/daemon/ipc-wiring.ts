// Forwards what the module socket observes to the supervisor of that module.
import type { AnyActorRef } from 'xstate';
import type { ModuleServer } from '../ipc/module-server.js';
import type { Logger } from '../log/logger.js';
import type { ModuleLogSinks } from '../process/module-log-sinks.js';

export function wireIpcEvents(
  ipc: ModuleServer,
  actorOf: (name: string) => AnyActorRef | undefined,
  log: Logger,
  logSinks: ModuleLogSinks,
): void {
  ipc.on('ready', ({ module, instanceId }) => actorOf(module)?.send({ type: 'ipc.ready', instanceId, at: Date.now() }));
  ipc.on('held', ({ module, instanceId }) => actorOf(module)?.send({ type: 'standby.held', instanceId }));
  ipc.on('liveness', ({ module, instanceId, missed }) => actorOf(module)?.send({ type: 'ipc.liveness', instanceId, missed }));
  ipc.on('disconnected', ({ module, instanceId }) => actorOf(module)?.send({ type: 'ipc.disconnected', instanceId }));
  ipc.on('log', ({ module, instanceId, level, message }) => {
    log.info(message, { module, module_level: level });
    logSinks.write(instanceId, level, message);
  });
}
