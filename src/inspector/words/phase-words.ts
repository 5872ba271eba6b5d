// What a module's state means, in a sentence fragment ("is waiting to restart").
import type { ExitRecord } from '../../process/types.js';
import { duration } from '../page/format.js';

const PHASE_WORDS: Record<string, string> = {
  discovery: 'is being discovered',
  verification: 'is being verified',
  waitingForDependencies: 'is waiting for its dependencies',
  loading: 'is being prepared to start',
  execution: 'is starting',
  'monitoring.healthy': 'is running',
  'monitoring.degraded': 'is degraded (missed pings)',
  monitoring: 'is running',
  backoff: 'is waiting to restart (back-off)',
  quarantined: 'is quarantined',
  rejected: 'was rejected',
  stopping: 'is stopping',
  stopped: 'is stopped',
};

export function stateWords(state: string): string {
  return PHASE_WORDS[state] ?? PHASE_WORDS[state.split('.')[0]] ?? `is in ${state}`;
}

/** "crashed (SIGKILL) after 12 s" / "exited cleanly (code 0) after 3 s" / "was stopped by the node". */
export function exitWords(exit: Pick<ExitRecord, 'code' | 'signal' | 'reason' | 'byUs' | 'uptimeMs'>): string {
  const how = exit.signal ?? `code ${exit.code ?? '?'}`;
  const after = exit.uptimeMs === null || exit.uptimeMs === undefined ? '' : ` after ${duration(exit.uptimeMs)}`;
  if (exit.reason === 'stopped') return `was stopped by the node (${how})${after}`;
  if (exit.reason === 'exited') return `exited (${how})${after}`;
  if (exit.reason === 'crashed') return `crashed (${how})${after}`;
  const by = exit.byUs ? ', ended by the node' : '';
  return `ended: ${exit.reason.replaceAll('_', ' ')} (${how}${by})${after}`;
}
