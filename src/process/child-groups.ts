// The process groups of one child and which one each signal goes to. A plain child leads its
// own group. A sandboxed child is bwrap, and the module runs in a group of its own inside the
// sandbox (known shortly after the spawn): stops and injected signals go to that group, SIGKILL
// goes to both, the bwrap leader first so that it dies of the signal itself.
import type { Logger } from '../log/logger.js';
import { killGroupSurvivors } from './group-cleanup.js';
import { groupMembers, signalGroup, waitGroupGone } from './process-group.js';
import { killSandboxTree } from './sandbox-child.js';

/** How long a killed sandbox may take to empty its process group. */
const SANDBOX_GONE_MS = 1_000;

export class ChildGroups {
  private inner: number | null = null;

  constructor(
    readonly leader: number,
    /** The leader is bwrap. */
    private readonly sandboxed = false,
  ) {}

  /** A sandboxed child whose module group is not known yet (its sandbox may still be starting). */
  get sandboxStarting(): boolean {
    return this.sandboxed && this.inner === null;
  }

  /** The module's group inside the sandbox. */
  setInner(pgid: number): void {
    this.inner = pgid === this.leader ? null : pgid;
  }

  /** Where stops and injected signals go. */
  get target(): number {
    return this.inner ?? this.leader;
  }

  all(): number[] {
    return this.inner === null ? [this.leader] : [this.leader, this.inner];
  }

  /** SIGKILL to every group; with `onlyLive`, only to groups that still have members. Returns the groups signalled. */
  killAll(onlyLive = false): number[] {
    if (this.sandboxStarting) killSandboxTree(this.leader);
    const targets = this.all().filter((g) => !onlyLive || groupMembers(g).length > 0);
    for (const g of targets) signalGroup(g, 'SIGKILL');
    return targets;
  }

  /**
   * Once the leader is gone: kills and counts what is left. A module that was PID 1 of its
   * sandbox took its namespace along before bwrap could exit, so each group is one
   * kill(-pgid, 0); below a sandbox init, the group first gets a moment to go with the init.
   */
  async killSurvivors(log: Logger): Promise<number> {
    let survivors = 0;
    // A group found without live members stays so (no member is left to fork or let one join),
    // so only a group still alive after the grace needs the survivor pass.
    if (this.inner !== null && !(await waitGroupGone(this.inner, SANDBOX_GONE_MS))) {
      survivors += await killGroupSurvivors(this.inner, log);
    }
    return survivors + (await killGroupSurvivors(this.leader, log));
  }
}
