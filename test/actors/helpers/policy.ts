import type { SupervisionPolicy } from '../../../src/config/types.js';

/** The defaults of design section 3, in milliseconds, with per-test overrides. */
export function testPolicy(overrides: Partial<SupervisionPolicy> = {}): SupervisionPolicy {
  return {
    restart: 'permanent',
    initial_delay: 500,
    max_delay: 30_000,
    reset_after: 60_000,
    max_crashes: 5,
    crash_window: 600_000,
    ready_timeout: 30_000,
    ping_interval: 5_000,
    max_missed_pings: 3,
    stop_grace: 10_000,
    kill_grace: 5_000,
    on_critical_failure: 'degrade',
    ...overrides,
  };
}
