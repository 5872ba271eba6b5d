// Whether and how one module is wrapped in bubblewrap (pure): from the configured mode, what
// this machine offers and the module's capabilities.
import type { SandboxMode } from '../config/types.js';
import { bwrapArgs, type SandboxPaths } from './bwrap-args.js';
import type { BwrapAvailability } from './types.js';

export interface BwrapWrap {
  bwrap: string;
  /** Options before `--`. */
  args: string[];
}

export type SandboxDecision = { ok: true; sandbox: BwrapWrap | null } | { ok: false; problem: string };

export const NETWORK_CAPABILITY = 'network_access';

export function decideSandbox(
  mode: SandboxMode,
  availability: BwrapAvailability,
  paths: SandboxPaths,
  capabilities: readonly string[],
): SandboxDecision {
  if (mode === 'none') return { ok: true, sandbox: null };
  if (!availability.usable || availability.path === null) {
    if (mode === 'bwrap') return { ok: false, problem: `[sandbox] mode = "bwrap" but ${availability.reason ?? 'bubblewrap is not usable'}` };
    return { ok: true, sandbox: null };
  }
  return { ok: true, sandbox: { bwrap: availability.path, args: bwrapArgs(paths, capabilities.includes(NETWORK_CAPABILITY)) } };
}

/** The loud message for mode "auto" on a machine where bubblewrap cannot be used; undefined otherwise. */
export function sandboxWarning(mode: SandboxMode, availability: BwrapAvailability): string | undefined {
  if (mode !== 'auto' || availability.usable) return undefined;
  return (
    `SANDBOX OFF: ${availability.reason ?? 'bubblewrap is not usable'}; modules run without filesystem, ` +
    `network and pid isolation. Install bubblewrap, or set [sandbox] mode = "none" to accept this.`
  );
}
