// The `user` containment layer (pure): which host uid the module runs as. Root is reported as
// such, loudly: a module running as root is held only by the other layers.
import type { SandboxMode } from '../config/types.js';
import type { SpawnSpec } from '../process/types.js';
import type { BwrapAvailability, SandboxLayer } from './types.js';

export interface UserLayerInput {
  mode: SandboxMode;
  availability: BwrapAvailability;
  /** [sandbox] user. */
  setting: string;
  daemonUid: number;
  spec: Pick<SpawnSpec, 'sandbox'> | null;
}

function asDaemon(input: UserLayerInput, why: string): SandboxLayer {
  if (input.daemonUid !== 0) return { name: 'user', active: true, detail: `uid ${input.daemonUid} (the daemon's own, not root): ${why}` };
  return { name: 'user', active: false, detail: `runs as root: ${why}` };
}

/** The uid of the running (or last) instance, else the one the next start will use. */
export function userLayer(input: UserLayerInput): SandboxLayer {
  const user = input.spec?.sandbox?.user;
  if (user) return { name: 'user', active: user.uid !== 0, detail: `uid ${user.uid}, gid ${user.gid} (${user.source === 'dynamic' ? 'dedicated dynamic uid' : `[sandbox] user = "${input.setting}"`})` };
  if (input.mode === 'none') return asDaemon(input, '[sandbox] mode = "none"');
  if (input.spec ? !input.spec.sandbox : !input.availability.usable) return asDaemon(input, 'no bubblewrap sandbox to switch users in');
  if (input.setting === 'root' || input.spec) return asDaemon(input, '[sandbox] user = "root"');
  return { name: 'user', active: input.daemonUid === 0, detail: input.setting === 'dynamic' ? 'a dedicated dynamic uid, allocated at start' : `[sandbox] user = "${input.setting}", resolved at start` };
}
