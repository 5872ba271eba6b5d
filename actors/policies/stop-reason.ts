import type { SupervisionPolicy } from '../../src/config/types.js';
import type { ExitReason, ProcessCommand } from '../../src/process/types.js';

/** Faults the supervisor kills a module for; the exit that follows counts like a crash. */
export type FaultReason = Extract<ExitReason, 'ready_timeout' | 'ping_timeout' | 'disconnected' | 'memory_limit' | 'cpu_limit'>;

/** Reasons carried by `module.stop`. */
export type RequestedStop = 'operator' | 'dependency' | 'shutdown';

/** Every reason the supervisor stops a running child for. */
export type StopReason = RequestedStop | 'restart' | 'reload' | FaultReason;

/** Where a module goes once the child of a requested stop has exited (a restart re-uses the verified snapshot, a reload verifies again). */
export type StopDestination = 'stopped' | 'waitingForDependencies' | 'verification';

const RANK: Record<StopReason, number> = {
  shutdown: 5,
  operator: 4,
  dependency: 3,
  restart: 2,
  reload: 2,
  ready_timeout: 1,
  ping_timeout: 1,
  disconnected: 1,
  memory_limit: 1,
  cpu_limit: 1,
};

export function isFault(reason: StopReason): reason is FaultReason {
  return RANK[reason] === 1;
}

/** Faults are not stops anybody wanted: their exits go through the restart policy. */
export function isRequestedStop(reason: StopReason | null): boolean {
  return reason !== null && !isFault(reason);
}

/** While a stop is in progress a later request replaces it only when it goes further (shutdown beats restart). */
export function strongerStop(current: StopReason | null, next: StopReason): StopReason {
  return current === null || RANK[next] > RANK[current] ? next : current;
}

export function stopDestination(reason: StopReason | null): StopDestination {
  switch (reason) {
    case 'dependency':
    case 'restart':
      return 'waitingForDependencies';
    case 'reload':
      return 'verification';
    default:
      return 'stopped';
  }
}

/** The stop and liveness timings of a (re-read) policy, for the running process. */
export function timingCommand(policy: Pick<SupervisionPolicy, 'stop_grace' | 'kill_grace' | 'ping_interval'>): ProcessCommand {
  return { type: 'process.timing', stopGrace: policy.stop_grace, killGrace: policy.kill_grace, pingInterval: policy.ping_interval };
}

/** Requested stops are graceful (Shutdown over IPC first); faults kill at once. */
export function stopCommand(reason: StopReason): ProcessCommand {
  return isFault(reason)
    ? { type: 'process.stop', reason, graceful: false }
    : { type: 'process.stop', reason: 'stopped', graceful: true };
}
