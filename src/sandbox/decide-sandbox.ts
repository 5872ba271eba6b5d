// Whether and how one module is wrapped in bubblewrap (pure): from the configured mode, what
// this machine offers and the module's capabilities.
import type { SandboxMode } from '../config/types.js';
import type { RunAs } from '../process/types.js';
import { bwrapArgs, type SandboxPaths } from './bwrap-args.js';
import type { BwrapAvailability } from './types.js';

export interface BwrapWrap {
  bwrap: string;
  /** Options before `--`. */
  args: string[];
  /** The unprivileged identity the module is switched to inside; null = the daemon's own. */
  user: RunAs | null;
}

export type SandboxDecision = { ok: true; sandbox: BwrapWrap | null } | { ok: false; problem: string };

export const NETWORK_CAPABILITY = 'network_access';

export function decideSandbox(
  mode: SandboxMode,
  availability: BwrapAvailability,
  paths: SandboxPaths,
  capabilities: readonly string[],
  user: RunAs | null = null,
): SandboxDecision {
  if (mode === 'none') return { ok: true, sandbox: null };
  if (!availability.usable || availability.path === null) {
    if (mode === 'bwrap') return { ok: false, problem: `[sandbox] mode = "bwrap" but ${availability.reason ?? 'bubblewrap is not usable'}` };
    return { ok: true, sandbox: null };
  }
  const args = bwrapArgs(paths, { network: capabilities.includes(NETWORK_CAPABILITY), switchUser: user !== null });
  return { ok: true, sandbox: { bwrap: availability.path, args, user } };
}

/** The loud message for mode "auto" on a machine where bubblewrap cannot be used; undefined otherwise. */
export function sandboxWarning(mode: SandboxMode, availability: BwrapAvailability): string | undefined {
  if (mode !== 'auto' || availability.usable) return undefined;
  return (
    `SANDBOX OFF: ${availability.reason ?? 'bubblewrap is not usable'}; modules run without filesystem, ` +
    `network and pid isolation. Install bubblewrap, or set [sandbox] mode = "none" to accept this.`
  );
}
