// Plain-data shapes of the containment layers a module runs under, as reported in status.

/** The layers of design section 12, outermost first, then the host identity the module runs as. */
export const LAYER_NAMES = ['process_group', 'rlimits', 'watchdog', 'bwrap_fs', 'bwrap_net', 'cgroup', 'user'] as const;
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
  /** True when the module runs (or will run) as host root: mode "none", no bubblewrap, or user = "root" (always set by the sandbox service). */
  runs_as_root?: boolean;
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
