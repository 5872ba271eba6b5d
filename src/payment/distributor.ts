// The distributing node of a module: the payment code in the last verified index of the
// configured registry (its metadata cache), when that index lists the module.
import type { NodeConfig } from '../config/types.js';
import { loadMetadata } from '../registry/metadata-cache.js';
import { registryBaseUrl } from '../registry/paths.js';

/** The registry's node_payment_code for `module`, or undefined (no registry, no cache, not listed, no code). */
export async function distributorCode(config: NodeConfig, module: string): Promise<string | undefined> {
  if (config.registry.url === '') return undefined;
  const cached = await loadMetadata(config, registryBaseUrl(config)).catch(() => undefined);
  if (cached === undefined || !Object.hasOwn(cached.index.signed.modules, module)) return undefined;
  return cached.index.signed.node_payment_code;
}
