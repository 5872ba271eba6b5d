// Which maintainer keys and how many of their signatures a proposal or result needs:
// [governance] when set, else the [security] keys and threshold.
import type { NodeConfig } from '../config/types.js';
import type { GovernanceTrust } from './types.js';

export function governanceTrust(config: Pick<NodeConfig, 'security' | 'governance'>): GovernanceTrust {
  const trusted = config.governance.trusted_maintainers.length > 0 ? config.governance.trusted_maintainers : config.security.trusted_maintainers;
  const threshold = config.governance.threshold ?? config.security.signature_threshold;
  return { trusted, required: threshold.m };
}
