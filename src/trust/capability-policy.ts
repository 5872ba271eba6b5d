// What a module may do: the capabilities its signed manifest requests, narrowed by node
// policy. Node config never grants more than the manifest requests.
import { KNOWN_CAPABILITIES, type NodeConfig } from '../config/types.js';
import type { Manifest } from '../manifest/types.js';

export interface CapabilityReport {
  /** Requested by the manifest and permitted by every policy layer. */
  granted: string[];
  /** Requested but removed by the module's own [modules.<name>].capabilities override. */
  withheld: string[];
  /** Requests outside [security].allowed_capabilities: the module cannot be loaded. */
  problems: string[];
}

export function checkCapabilityPolicy(manifest: Manifest, config: NodeConfig): CapabilityReport {
  const allowed: readonly string[] =
    config.security.allowed_capabilities.length === 0 ? KNOWN_CAPABILITIES : config.security.allowed_capabilities;
  const overrides = config.modules.overrides;
  const override = Object.hasOwn(overrides, manifest.name) ? overrides[manifest.name].capabilities : undefined;
  const granted: string[] = [];
  const withheld: string[] = [];
  const problems: string[] = [];
  for (const capability of manifest.capabilities ?? []) {
    if (!allowed.includes(capability)) {
      problems.push(`capability "${capability}" is not allowed by [security].allowed_capabilities`);
    } else if (override !== undefined && !override.includes(capability)) {
      withheld.push(capability);
    } else {
      granted.push(capability);
    }
  }
  return { granted, withheld, problems };
}
