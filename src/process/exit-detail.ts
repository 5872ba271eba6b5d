// How a stop ended, in the words of the exit record's `detail`.

/** The step a stop had reached when the child went. */
export type StopStep = 'running' | 'shutdown' | 'sigterm' | 'sigkill' | 'actor_stopped';

export function stopDetail(step: StopStep, killGrace: number): string {
  switch (step) {
    case 'running':
      return 'exited while a stop was pending';
    case 'shutdown':
      return 'exited after shutdown request';
    case 'sigterm':
      return 'exited after SIGTERM';
    case 'sigkill':
      return `SIGKILL after ${killGrace} ms grace`;
    case 'actor_stopped':
      return 'SIGKILL when its actor was stopped';
  }
}

/** Detail of an exit nobody asked for. */
export function selfExitDetail(code: number | null, signal: string | null, injected: string | null): string {
  if (signal) return injected === signal ? `killed by ${signal} (injected)` : `killed by ${signal}`;
  return `exit code ${code ?? 'unknown'}`;
}
