// Operator words for supervisor event names: XState's internal names
// (`xstate.done.actor.0.module.verification`) never reach a page.

const DONE = /^xstate\.done\.actor\.(?:\d+\.)?(?:[a-zA-Z]+\.)*?([a-zA-Z]+)$/;
const ERROR = /^xstate\.error\.actor\.(?:\d+\.)?(?:[a-zA-Z]+\.)*?([a-zA-Z]+)$/;
const AFTER = /^xstate\.after\.([^.]+)\./;

/** `xstate.done.actor.0.module.verification` → "verification finished"; other names unchanged. */
export function plainEvent(event: string): string {
  if (event === 'xstate.init') return 'supervisor started';
  if (event === 'xstate.stop') return 'supervisor stopped';
  const done = DONE.exec(event);
  if (done) return `${done[1]} finished`;
  const failed = ERROR.exec(event);
  if (failed) return `${failed[1]} failed`;
  const after = AFTER.exec(event);
  if (after) return `after ${after[1]}`;
  if (event.startsWith('xstate.')) return 'internal step';
  return event;
}
