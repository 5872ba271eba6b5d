// BIP47 key derivation: identity keys from a seed, a code's public children, the notification
// key, and the ECDH-derived per-payment keys on the sending and the receiving side.
import { sha256 } from '@noble/hashes/sha2.js';
import { HDKey } from '@scure/bip32';
import { BlvmError } from '../../errors.js';
import { secp } from '../../trust/secp.js';
import { paymentCodeFromKey, type PaymentCode } from './payment-code.js';

const N = secp.Point.CURVE().n;
const toScalar = (bytes: Uint8Array): bigint => secp.etc.bytesToNumberBE(bytes);
const fromScalar = (value: bigint): Uint8Array => secp.etc.numberToBytesBE(value);

/** BIP47 identity m/47'/coin'/account' of a BIP32 seed (coin 0 mainnet, 1 test networks). */
export function identityFromSeed(seed: Uint8Array, coinType = 0, account = 0): HDKey {
  return HDKey.fromMasterSeed(seed).derive(`m/47'/${coinType}'/${account}'`);
}

export function paymentCodeOfIdentity(identity: HDKey): PaymentCode {
  return paymentCodeFromKey(identity.publicKey!, identity.chainCode!);
}

/** Public key at non-hardened child `index` of a payment code. */
export function codeChildPublicKey(code: PaymentCode, index: number): Uint8Array {
  return new HDKey({ publicKey: code.publicKey, chainCode: code.chainCode }).deriveChild(index).publicKey!;
}

/** The key of the code's notification address (child 0). */
export const notificationPublicKey = (code: PaymentCode): Uint8Array => codeChildPublicKey(code, 0);

/** Private key at non-hardened child `index` of the identity (index 0 is the notification key). */
export function identityChildPrivateKey(identity: HDKey, index: number): Uint8Array {
  return identity.deriveChild(index).privateKey!;
}

// s = SHA256(x of a·B); BIP47 says a sender must skip an index whose s is not below n.
function sharedScalar(privateKey: Uint8Array, publicKey: Uint8Array, index: number): bigint {
  const point = secp.Point.fromBytes(publicKey).multiply(toScalar(privateKey));
  const s = toScalar(sha256(fromScalar(point.x)));
  if (s === 0n || s >= N) throw new BlvmError('conflict', `BIP47 index ${index}: the shared secret is not a valid scalar; use the next index`);
  return s;
}

/** The secret point's x value (hex in the BIP47 test vectors). */
export function secretPointX(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  return fromScalar(secp.Point.fromBytes(publicKey).multiply(toScalar(privateKey)).x);
}

/** Sender side: B' = B + sG, with a = the payer's notification private key and B = recipient child `index`. */
export function sendPublicKey(payerNotificationKey: Uint8Array, recipient: PaymentCode, index: number): Uint8Array {
  const b = codeChildPublicKey(recipient, index);
  const s = sharedScalar(payerNotificationKey, b, index);
  return secp.Point.fromBytes(b).add(secp.Point.BASE.multiply(s)).toBytes(true);
}

/** Receiver side: b' = b + s, with b = the receiver's child `index` and A = the payer's notification key. */
export function receivePrivateKey(receiver: HDKey, payer: PaymentCode, index: number): Uint8Array {
  const b = identityChildPrivateKey(receiver, index);
  const s = sharedScalar(b, notificationPublicKey(payer), index);
  return fromScalar(secp.etc.mod(toScalar(b) + s, N));
}
