// What a module may do: the capabilities its signed manifest requests, narrowed by node
// policy. Node config never grants more than the manifest requests. A capability the node does
// not know is one a module provides for its own methods (`provides_capabilities`); it is
// refused only when no installed module provides it.
import { KNOWN_CAPABILITIES, type NodeConfig } from '../config/types.js';
import { didYouMean } from '../manifest/suggest.js';
import type { Manifest } from '../manifest/types.js';

/** Capability name → the installed modules that provide it. */
export type CapabilityProviders = Record<string, string[]>;

/** Broader node capabilities and the narrower ones they include: read_blockchain is every chain read. */
export const CAPABILITY_COVERS: Readonly<Record<string, readonly string[]>> = {
  read_blockchain: ['read_chain_state'],
};

/** Whether holding `held` lets a module use something that needs `needed`. */
export function holdsCapability(held: readonly string[], needed: string): boolean {
  return held.some((h) => h === needed || (CAPABILITY_COVERS[h]?.includes(needed) ?? false));
}

export interface CapabilityReport {
  /** Requested by the manifest and permitted by every policy layer. */
  granted: string[];
  /** Requested but removed by the module's own [modules.<name>].capabilities override. */
  withheld: string[];
  /** Requests the node cannot grant: the module cannot be loaded. */
  problems: string[];
}

const isKnown = (capability: string): boolean => (KNOWN_CAPABILITIES as readonly string[]).includes(capability);

// Names who could provide a capability, so the author sees the near miss or the way to add one.
function unknownCapability(capability: string, providers: CapabilityProviders): string {
  const provided = Object.keys(providers).filter((c) => providers[c].length > 0);
  const hint = didYouMean(capability, [...KNOWN_CAPABILITIES, ...provided]);
  const offered = provided.length === 0 ? 'no installed module provides any capability' : `installed modules provide ${provided.map((c) => `${c} (${providers[c].join(', ')})`).join(', ')}`;
  return `capability "${capability}" is unknown: neither the node nor any installed module provides it${hint}; ${offered}; a module provides one by listing it in provides_capabilities`;
}

export function checkCapabilityPolicy(manifest: Manifest, config: NodeConfig, providers: CapabilityProviders = {}): CapabilityReport {
  const allowed: readonly string[] =
    config.security.allowed_capabilities.length === 0 ? KNOWN_CAPABILITIES : config.security.allowed_capabilities;
  const overrides = config.modules.overrides;
  const override = Object.hasOwn(overrides, manifest.name) ? overrides[manifest.name].capabilities : undefined;
  const own = manifest.provides_capabilities ?? [];
  const granted: string[] = [];
  const withheld: string[] = [];
  const problems: string[] = [];
  for (const capability of manifest.capabilities ?? []) {
    if (!isKnown(capability)) {
      if ((providers[capability] ?? []).length > 0 || own.includes(capability)) granted.push(capability);
      else problems.push(unknownCapability(capability, providers));
    } else if (!allowed.includes(capability)) {
      problems.push(`capability "${capability}" is not allowed by [security].allowed_capabilities`);
    } else if (override !== undefined && !override.includes(capability)) {
      withheld.push(capability);
    } else {
      granted.push(capability);
    }
  }
  return { granted, withheld, problems };
}

/** The capabilities a manifest requests that only a module could provide. */
export function moduleCapabilitiesRequested(manifest: Manifest): string[] {
  return (manifest.capabilities ?? []).filter((c) => !isKnown(c));
}
