// The node's own BIP47 payment code: the identity m/47'/coin'/0' of the node wallet's words
// (coin 0 on mainnet, 1 on the test networks, as the wallet's BIP84 account). Its child 0 is the
// key every purchase derives the payees' addresses with.
import { mnemonicToSeedSync } from '@scure/bip39';
import type { Network } from '../config/types.js';
import { BlvmError } from '../errors.js';
import { readWallet, walletFile } from '../wallet/wallet-file.js';
import { identityChildPrivateKey, identityFromSeed, paymentCodeOfIdentity } from './bip47/derive.js';
import { serializePaymentCode } from './bip47/payment-code.js';

export interface NodePayer {
  /** The node's payment code (PM8T…). */
  code: string;
  /** Private key of the code's child 0 (the BIP47 notification key). */
  notificationKey: Uint8Array;
}

export function payerFromMnemonic(mnemonic: string, network: Network): NodePayer {
  const identity = identityFromSeed(mnemonicToSeedSync(mnemonic), network === 'mainnet' ? 0 : 1);
  return { code: serializePaymentCode(paymentCodeOfIdentity(identity)), notificationKey: identityChildPrivateKey(identity, 0) };
}

/** The node's payer identity; a clear error when the node has no wallet yet. */
export async function readNodePayer(dataDir: string, network: Network): Promise<NodePayer> {
  const file = walletFile(dataDir);
  const state = await readWallet(file, network);
  if (state === undefined) throw new BlvmError('not_found', `no wallet at ${file}: the node's payment code comes from its wallet; make one with \`blvm wallet init\``);
  return payerFromMnemonic(state.mnemonic, network);
}
