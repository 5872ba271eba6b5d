// The development maintainer keys: their private halves are committed to this repository
// (test/fixtures/keys/) and the shipped blvm.toml trusts them, so anyone can sign a module
// with them. A node on mainnet or testnet refuses to trust them unless the operator sets
// [security] allow_development_keys; on regtest every start and `blvm status` warn.
import type { NodeConfig, TrustedKey } from '../config/types.js';

export const DEVELOPMENT_KEYS: readonly TrustedKey[] = [
  { name: 'dev-alice', public_key: '032efe4bb51a45b259e3a10407917731f99f2edaabe9763f8e4602c4a72bf5a58f' },
  { name: 'dev-bob', public_key: '020ed45f342b1e9a7c8632d468f8884fa329a6b0d03aa6d4b6bde03c577530ad65' },
  { name: 'dev-carol', public_key: '033c89bfda2426d951ef732a964a065db0fe6521a3f09f5600db72ed5d9e9362f1' },
];

const developmentKeys = new Set(DEVELOPMENT_KEYS.map((k) => k.public_key));

/** The entries of `keys` that are development keys. */
export function developmentKeysIn(keys: readonly TrustedKey[]): TrustedKey[] {
  return keys.filter((k) => developmentKeys.has(k.public_key.toLowerCase()));
}

/** Names (as the config gives them) of every development key the node trusts, maintainers and registry. */
export function trustedDevelopmentKeys(config: Pick<NodeConfig, 'security' | 'registry'>): string[] {
  return [...developmentKeysIn(config.security.trusted_maintainers), ...developmentKeysIn(config.registry.trusted_keys)].map((k) => k.name);
}

/** The warning every start and `blvm status` show while development keys are trusted, or undefined. */
export function developmentKeyWarning(config: Pick<NodeConfig, 'security' | 'registry'>): string | undefined {
  const names = trustedDevelopmentKeys(config);
  if (names.length === 0) return undefined;
  return `this node trusts the published development key(s) ${names.join(', ')}: their private keys are public (test/fixtures/keys/), so anyone can sign modules this node loads`;
}
