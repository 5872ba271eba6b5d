// The effective [limits] of a module in the JSON shape of status (null = no limit).
import type { Limits } from '../config/types.js';
import type { ModuleLimits } from './status-types.js';

export function limitsView(limits: Limits): ModuleLimits {
  return {
    max_memory: limits.max_memory ?? null,
    memory_samples: limits.memory_samples,
    max_cpu_percent: limits.max_cpu_percent ?? null,
    cpu_window: limits.cpu_window,
    kill_on_cpu_limit: limits.kill_on_cpu_limit,
    max_open_files: limits.max_open_files ?? null,
    max_processes: limits.max_processes ?? null,
  };
}
