// BIP39 words → BIP32 seed → BIP84 P2WPKH keys: receive chain m/84'/c'/0'/0/i and change chain
// m/84'/c'/0'/1/i, c = 0 on mainnet and 1 on the test networks; addresses in the node's network.
import { HDKey } from '@scure/bip32';
import { generateMnemonic, mnemonicToSeedSync, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import * as btc from '@scure/btc-signer';
import type { Network } from '../config/types.js';
import { BlvmError } from '../errors.js';

export type KeyChain = 'receive' | 'change';

/** Address prefixes per network; regtest differs from testnet only in its bech32 prefix. */
export const WALLET_NETWORKS: Record<Network, typeof btc.NETWORK> = {
  mainnet: btc.NETWORK,
  testnet: btc.TEST_NETWORK,
  regtest: { ...btc.TEST_NETWORK, bech32: 'bcrt' },
};

/** A fresh 12-word English mnemonic (128 bits of entropy). */
export function newMnemonic(): string {
  return generateMnemonic(wordlist, 128);
}

/** The words normalised to single spaces; invalid words or checksum are a usage error. */
export function checkMnemonic(words: string): string {
  const normalized = words.trim().toLowerCase().split(/\s+/).join(' ');
  if (!validateMnemonic(normalized, wordlist)) {
    throw new BlvmError('usage', 'mnemonic: not a valid BIP39 English mnemonic (12 to 24 words from the BIP39 list, with a matching checksum)');
  }
  return normalized;
}

/** One derived wallet key with its P2WPKH output script and address. */
export interface WalletKey {
  chain: KeyChain;
  index: number;
  path: string;
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  script: Buffer;
  address: string;
}

/** The BIP84 account of a mnemonic in `network`; derives keys of both chains. */
export class WalletKeys {
  private readonly account: HDKey;
  private readonly accountPath: string;
  private readonly cache = new Map<string, WalletKey>();

  constructor(readonly mnemonic: string, readonly network: Network) {
    const coinType = network === 'mainnet' ? 0 : 1;
    this.accountPath = `m/84'/${coinType}'/0'`;
    this.account = HDKey.fromMasterSeed(mnemonicToSeedSync(mnemonic)).derive(this.accountPath);
  }

  key(chain: KeyChain, index: number): WalletKey {
    const id = `${chain}/${index}`;
    const known = this.cache.get(id);
    if (known) return known;
    const node = this.account.deriveChild(chain === 'receive' ? 0 : 1).deriveChild(index);
    if (!node.privateKey || !node.publicKey) throw new BlvmError('internal', `wallet key ${this.accountPath}/${id} has no private key`);
    const pay = btc.p2wpkh(node.publicKey, WALLET_NETWORKS[this.network]);
    const key: WalletKey = {
      chain,
      index,
      path: `${this.accountPath}/${chain === 'receive' ? 0 : 1}/${index}`,
      privateKey: node.privateKey,
      publicKey: node.publicKey,
      script: Buffer.from(pay.script),
      address: pay.address as string,
    };
    this.cache.set(id, key);
    return key;
  }

  /** Keys 0..count-1 of `chain`. */
  keys(chain: KeyChain, count: number): WalletKey[] {
    return Array.from({ length: count }, (_, i) => this.key(chain, i));
  }
}

/** The output script of `address`, which must belong to `network`; otherwise a usage error naming both. */
export function addressScript(address: string, network: Network): Buffer {
  try {
    return Buffer.from(btc.OutScript.encode(btc.Address(WALLET_NETWORKS[network]).decode(address)));
  } catch (error) {
    throw new BlvmError('usage', `address "${address}" is not a valid ${network} address (${network} bech32 addresses start with ${WALLET_NETWORKS[network].bech32}1)`, { cause: error });
  }
}
