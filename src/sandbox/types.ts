// Plain-data shapes of the containment layers a module runs under, as reported in status.

/** The layers of design section 12, outermost first. */
export const LAYER_NAMES = ['process_group', 'rlimits', 'watchdog', 'bwrap_fs', 'bwrap_net', 'cgroup'] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

export interface SandboxLayer {
  name: LayerName;
  active: boolean;
  /** What the layer does for this module, or why it is off. */
  detail: string;
}

export interface ModuleSandbox {
  mode: 'auto' | 'bwrap' | 'none';
  layers: SandboxLayer[];
  /** Set when isolation the operator asked for (mode "auto") is missing on this machine. */
  warning?: string;
}

/** Whether bubblewrap can sandbox processes on this machine. */
export interface BwrapAvailability {
  /** Absolute path of the bwrap binary, or null when none was found. */
  path: string | null;
  /** True when a trial sandbox with every option blvm uses ran. */
  usable: boolean;
  /** Why it is not usable (missing, or the trial's error output). */
  reason: string | null;
}
