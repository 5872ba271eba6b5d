// The containment layers of one module as operators see them (pure): what was applied to the
// running instance when there is one, else what would apply at its next start.
import type { Limits, SandboxMode } from '../config/types.js';
import { formatSize } from '../config/sizes.js';
import type { SpawnSpec } from '../process/types.js';
import { NETWORK_CAPABILITY, sandboxWarning } from './decide-sandbox.js';
import type { BwrapAvailability, ModuleSandbox, SandboxLayer } from './types.js';
import { userLayer } from './user-layer.js';

export interface LayerInput {
  mode: SandboxMode;
  availability: BwrapAvailability;
  /** [sandbox] user (default "dynamic"). */
  user?: string;
  /** uid of the daemon (default: this process's). */
  daemonUid?: number;
  limits: Limits;
  prlimit: boolean;
  /** The spec the current (or last) instance was started with; null before the first start. */
  spec: Pick<SpawnSpec, 'sandbox' | 'rlimits' | 'capabilities'> | null;
}

function rlimitsLayer(input: LayerInput): SandboxLayer {
  const r = input.spec?.rlimits ?? { nofile: input.limits.max_open_files, nproc: input.limits.max_processes, core: 0 };
  const parts = [
    r.nofile !== undefined ? `NOFILE=${r.nofile}` : null,
    r.nproc !== undefined ? `NPROC=${r.nproc}` : null,
    r.core !== undefined ? `CORE=${r.core}` : null,
  ].filter((p) => p !== null);
  if (!input.prlimit) return { name: 'rlimits', active: false, detail: 'prlimit (util-linux) is not installed' };
  if (parts.length === 0) return { name: 'rlimits', active: false, detail: 'no rlimits set' };
  return { name: 'rlimits', active: true, detail: `prlimit ${parts.join(' ')}` };
}

function watchdogLayer(limits: Limits): SandboxLayer {
  const parts: string[] = [];
  if (limits.max_memory !== undefined) parts.push(`RSS over ${formatSize(limits.max_memory)} for ${limits.memory_samples} samples: stop`);
  if (limits.max_cpu_percent !== undefined) {
    parts.push(`CPU over ${limits.max_cpu_percent}% over ${limits.cpu_window / 1000}s: ${limits.kill_on_cpu_limit ? 'stop' : 'degraded'}`);
  }
  if (parts.length === 0) return { name: 'watchdog', active: false, detail: 'sampled only: no max_memory or max_cpu_percent' };
  return { name: 'watchdog', active: true, detail: parts.join('; ') };
}

function bwrapLayers(input: LayerInput): SandboxLayer[] {
  const off = (detail: string): SandboxLayer[] => [
    { name: 'bwrap_fs', active: false, detail },
    { name: 'bwrap_net', active: false, detail },
  ];
  if (input.mode === 'none') return off('[sandbox] mode = "none"');
  if (input.spec ? !input.spec.sandbox : !input.availability.usable) return off(input.availability.reason ?? 'bubblewrap not used');
  const fs: SandboxLayer = {
    name: 'bwrap_fs',
    active: true,
    detail: 'system and kernel tunables read-only, private /tmp, read-write only its db/ and work/, node data dir and other modules hidden, own pid namespace',
  };
  if (!input.spec) return [fs, { name: 'bwrap_net', active: true, detail: `no network unless the module holds ${NETWORK_CAPABILITY} (decided at start)` }];
  return input.spec.capabilities.includes(NETWORK_CAPABILITY)
    ? [fs, { name: 'bwrap_net', active: false, detail: `network shared: the module holds ${NETWORK_CAPABILITY}` }]
    : [fs, { name: 'bwrap_net', active: true, detail: 'no network (own empty network namespace)' }];
}

export function describeLayers(input: LayerInput): ModuleSandbox {
  const layers: SandboxLayer[] = [
    { name: 'process_group', active: true, detail: 'own process group; stops and kills reach the whole group' },
    rlimitsLayer(input),
    watchdogLayer(input.limits),
    ...bwrapLayers(input),
    { name: 'cgroup', active: false, detail: 'not used: blvm does not manage cgroups' },
  ];
  const daemonUid = input.daemonUid ?? process.getuid?.() ?? 0;
  const user = userLayer({ mode: input.mode, availability: input.availability, setting: input.user ?? 'dynamic', daemonUid, spec: input.spec });
  layers.push(user);
  const runsAsRoot = !user.active && daemonUid === 0;
  const warning = sandboxWarning(input.mode, input.availability);
  return { mode: input.mode, layers, runs_as_root: runsAsRoot, ...(warning ? { warning } : {}) };
}
