// The statechart's events and guards in plain language, for the state panel.

const EVENTS: Record<string, string> = {
  '': 'as soon as the state is entered',
  'child.exited': 'the module process ended',
  'child.spawned': 'the module process was started',
  'ipc.ready': 'the module said it is ready',
  'ipc.liveness': 'a round of pings finished',
  'ipc.disconnected': 'the module closed its socket',
  'deps.ready': 'the dependencies changed',
  'deps.down': 'a required dependency stopped',
  'limit.breach': 'a resource limit was exceeded',
  'limit.cleared': 'resource use fell back under the limit',
  'module.start': 'the operator asked to start it',
  'module.stop': 'the operator (or a dependency) asked to stop it',
  'module.restart': 'the operator asked to restart it',
  'module.reload': 'the operator asked to reload it',
  'module.release': 'the operator released it from quarantine',
};

const GUARDS: Record<string, string> = {
  exitLeadsTo: 'the restart policy picks this outcome for the exit (restart, stop or quarantine)',
  desiredDisabled: 'the module is disabled',
  hasQuarantine: 'quarantine evidence is on record',
  verificationPassed: 'verification passed',
  depsSatisfied: 'every required dependency is running',
  dependencyStop: 'the stop comes from a dependency stopping',
  currentInstance: 'it concerns the running instance',
  currentLimit: 'it concerns the running instance',
  limitKills: 'the limit is set to kill',
  pingsLost: 'too many pings were missed',
  pingsMissing: 'pings are being missed',
  pingsAnswered: 'pings are answered again',
  limitCleared: 'the limit is no longer exceeded',
  noBackoffDelay: 'no back-off delay is due',
};

export function eventWords(event: string, label: string): string {
  if (EVENTS[event]) return EVENTS[event];
  if (event.startsWith('xstate.after.')) return `${label} (timer)`;
  if (event.startsWith('xstate.')) return label;
  return event;
}

/** "only if every required dependency is running and …"; "" without a guard. */
export function guardWords(guard: string | null): string {
  if (guard === null) return '';
  const parts = guard.split(' and ').map((g) => GUARDS[g] ?? g.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
  return `only if ${[...new Set(parts)].join(' and ')}`;
}
