import type { RestartType } from '../../src/config/types.js';
import type { ExitRecord } from '../../src/process/types.js';

export type ExitDecision = 'restart' | 'stop' | 'quarantine';

/** EX_CONFIG from sysexits.h: the module says its configuration can never work. */
export const EXIT_CONFIG_ERROR = 78;

/** What the supervisor does about one child exit, before the crash budget is consulted. */
export function classifyExit(exit: ExitRecord, restart: RestartType, stopRequested: boolean): ExitDecision {
  if (exit.code === EXIT_CONFIG_ERROR) return 'quarantine';
  if (stopRequested) return 'stop';
  switch (restart) {
    case 'permanent':
      return 'restart';
    case 'transient':
      return exit.reason === 'exited' ? 'stop' : 'restart';
    case 'temporary':
      return 'stop';
  }
}
