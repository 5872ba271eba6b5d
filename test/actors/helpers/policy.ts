import type { SupervisionPolicy } from '../../../src/config/types.js';
import { defaultConfig } from '../../../src/config/index.js';

/** The shipped defaults (design section 3), in milliseconds, with per-test overrides. */
export function testPolicy(overrides: Partial<SupervisionPolicy> = {}): SupervisionPolicy {
  return { ...defaultConfig('/').supervision, ...overrides };
}
