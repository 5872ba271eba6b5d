// P2PKH addresses (BIP47 version 1 pays and notifies P2PKH) for the node's networks.
import { sha256 } from '@noble/hashes/sha2.js';
import { createBase58check } from '@scure/base';
import { hash160 } from '../../chain/hash160.js';
import { p2pkhScript as scriptPaying } from '../../chain/script-types.js';
import type { Network } from '../../config/types.js';

const base58check = createBase58check(sha256);

const P2PKH_VERSION: Record<Network, number> = { mainnet: 0x00, testnet: 0x6f, regtest: 0x6f };

export function p2pkhAddress(publicKey: Uint8Array, network: Network): string {
  const bytes = new Uint8Array(21);
  bytes[0] = P2PKH_VERSION[network];
  bytes.set(hash160(publicKey), 1);
  return base58check.encode(bytes);
}

/** The output script OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG paying `publicKey`. */
export function p2pkhScript(publicKey: Uint8Array): Uint8Array {
  return scriptPaying(hash160(publicKey));
}
