// The moment of an upgrade: the staged version takes the live directory's place and is
// started in the running node. If it does not reach `monitoring`, it is stopped, the
// previous directory comes back, the rollback state entry is reset to what it was (or the
// node would refuse the old version as a downgrade) and the previous version is restarted.
import type { NodeConfig } from '../config/types.js';
import { BlvmError, errorText, isBlvmError } from '../errors.js';
import { resetAccepted } from '../trust/rollback-state.js';
import type { NodeLink, RunOutcome } from './node-link.js';
import { dropPrevious, swapBack, swapIn } from './swap.js';

export interface SwitchPlan {
  config: NodeConfig;
  link: NodeLink | null;
  name: string;
  /** The live module directory. */
  dir: string;
  /** The verified new version in the staging directory. */
  staged: string;
  from: string;
  to: string;
  /** The rollback state entry before the upgrade. */
  previousAccepted: string | undefined;
  rollbackFile: string;
}

/** Starts (or restarts) a module the way its current phase allows, then waits until it runs or fails. */
async function startModule(link: NodeLink, name: string): Promise<RunOutcome> {
  try {
    const info = await link.info(name);
    const method = info === null ? 'loadmodule' : info.phase === 'quarantined' ? 'releasemodule' : 'reloadmodule';
    await link.command(method, name).catch((error: unknown) => {
      // A module the node refused at start has no supervisor to reload: hot-load it instead.
      if (method === 'reloadmodule' && isBlvmError(error) && error.code === 'conflict') return link.command('loadmodule', name);
      throw error;
    });
    return await link.waitRunning(name);
  } catch (error) {
    return { ok: false, phase: 'unknown', reason: errorText(error) };
  }
}

/** Resolves with the outcome line when the new version stays; throws after a rollback. */
export async function switchVersion(plan: SwitchPlan): Promise<{ message: string; phase?: string }> {
  const { config, link, name, dir, from, to } = plan;
  const before = link === null ? null : await link.info(name);
  const swap = await swapIn(config, name, dir, plan.staged);
  if (link === null || before?.phase === 'stopped') {
    await dropPrevious(swap);
    const when = link === null ? 'no node is running: it loads with the next blvm start' : 'it is stopped in the running node: the new version runs when it is loaded';
    return { message: `upgraded ${name} ${from} -> ${to} in ${dir}; ${when}` };
  }
  const outcome = await startModule(link, name);
  if (outcome.ok) {
    await dropPrevious(swap);
    return { message: `upgraded ${name} ${from} -> ${to} in ${dir}; running in the node: ${outcome.phase}`, phase: outcome.phase };
  }
  await link.stopIfRunning(name).catch(() => undefined);
  await swapBack(config, name, swap);
  await resetAccepted(plan.rollbackFile, name, plan.previousAccepted);
  const wasRunning = before !== null && before.phase !== 'rejected' && before.phase !== 'quarantined';
  const restored = wasRunning ? await startModule(link, name) : undefined;
  const state = restored === undefined ? `left ${before?.phase ?? 'not loaded'} as before` : restored.ok ? 'running again' : `but it did not start again: ${restored.reason}`;
  throw new BlvmError('conflict', `upgrade of ${name} to ${to} failed: the new version did not start (${outcome.reason}); restored ${name} ${from}, ${state}`);
}
