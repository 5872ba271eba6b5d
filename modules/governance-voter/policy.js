// The voting policy: which choice a module-approval proposal gets, and why.
export function decide(proposal, policy) {
  if (proposal.kind !== 'module-approval') return { choice: null, reason: `kind ${proposal.kind} is not module-approval` };
  const module = typeof proposal.subject?.module === 'string' ? proposal.subject.module : null;
  if (module === null) return { choice: null, reason: 'the proposal names no subject.module' };
  const pick = (choice, reason) => (proposal.choices.includes(choice) ? { choice, reason } : { choice: null, reason: `${reason}, but "${choice}" is not a choice` });
  if (policy.approve.includes(module)) return pick('yes', `${module} is in approve`);
  if (policy.reject.includes(module)) return pick('no', `${module} is in reject`);
  if (policy.otherwise !== '') return pick(policy.otherwise, `${module} is listed neither in approve nor in reject; otherwise = "${policy.otherwise}"`);
  return { choice: null, reason: `${module} is listed neither in approve nor in reject, and otherwise is empty` };
}
