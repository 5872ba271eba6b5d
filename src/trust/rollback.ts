// Refuses a module version older than the highest one accepted before, unless the
// operator lists the module in [security].allow_downgrade.
import semver from 'semver';
import type { NodeConfig } from '../config/types.js';
import { errorText } from '../errors.js';
import type { RollbackState } from './rollback-state.js';

export interface RollbackReport {
  ok: boolean;
  /** Highest version accepted before, if any. */
  highest?: string;
  downgrade_allowed: boolean;
  problems: string[];
}

export async function checkRollback(
  state: RollbackState,
  name: string,
  version: string,
  security: NodeConfig['security'],
): Promise<RollbackReport> {
  const allowed = security.allow_downgrade.includes(name);
  let highest: string | undefined;
  try {
    highest = await state.highestAccepted(name);
  } catch (error) {
    return { ok: false, downgrade_allowed: allowed, problems: [`rollback state cannot be read: ${errorText(error)}`] };
  }
  if (highest === undefined || !semver.lt(version, highest) || allowed) {
    return { ok: true, highest, downgrade_allowed: allowed, problems: [] };
  }
  const problem = `version ${version} is older than ${highest}, the highest version accepted before (add "${name}" to [security].allow_downgrade to allow the downgrade)`;
  return { ok: false, highest, downgrade_allowed: allowed, problems: [problem] };
}
