// BIP47 version 1 notification transactions: the payer's code, blinded with a mask only the
// recipient can recompute, in an OP_RETURN of a transaction paying the recipient's notification
// address. Mask = HMAC-SHA512(key: the designated input's outpoint, msg: x of a·B), with a the
// designated input's private key and B the recipient's notification key; the recipient computes
// the same x as b·A from the designated input's public key.
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { fromDisplayHex } from '../../chain/hash.js';
import { readPushes } from '../../chain/script-types.js';
import type { Transaction } from '../../chain/types.js';
import { BlvmError } from '../../errors.js';
import { secretPointX, notificationPublicKey } from './derive.js';
import { PAYLOAD_LENGTH, paymentCodeProblem, parsePaymentCode, serializePaymentCode, type PaymentCode } from './payment-code.js';

const OP_RETURN_PREFIX = [0x6a, 0x4c, PAYLOAD_LENGTH];

/** The 36-byte serialized outpoint (txid in internal byte order, index little-endian). */
export function serializeOutpoint(prevTxid: Uint8Array, prevIndex: number): Uint8Array {
  const out = new Uint8Array(36);
  out.set(prevTxid);
  new DataView(out.buffer).setUint32(32, prevIndex, true);
  return out;
}

/** The serialized outpoint of a `txid:vout` key (txid in display hex). */
export function outpointKeyBytes(key: string): Uint8Array {
  const [id, vout] = key.split(':');
  return serializeOutpoint(fromDisplayHex(id!), Number(vout));
}

export function blindingMask(sharedX: Uint8Array, outpoint: Uint8Array): Uint8Array {
  return hmac(sha512, outpoint, sharedX);
}

// XOR of the payload's x value (bytes 3…34) and chain code (35…66) with the mask; its own inverse.
function applyMask(payload: Uint8Array, mask: Uint8Array): Uint8Array {
  const out = payload.slice();
  for (let i = 0; i < 64; i++) out[3 + i] = out[3 + i]! ^ mask[i]!;
  return out;
}

/** The payer's payload blinded for `recipient`, from the designated input's private key and outpoint. */
export function blindPayload(payer: PaymentCode, designatedKey: Uint8Array, outpoint: Uint8Array, recipient: PaymentCode): Uint8Array {
  return applyMask(payer.payload, blindingMask(secretPointX(designatedKey, notificationPublicKey(recipient)), outpoint));
}

/** The notification output script: OP_RETURN OP_PUSHDATA1 80 <blinded payload>. */
export function notificationScript(blinded: Uint8Array): Uint8Array {
  return new Uint8Array([...OP_RETURN_PREFIX, ...blinded]);
}

// BIP47: the designated public key is the first one the inputs expose (P2PKH scriptSig or P2WPKH witness).
function designatedInput(tx: Transaction): { publicKey: Uint8Array; outpoint: Uint8Array } | undefined {
  for (const input of tx.inputs) {
    const candidates = [input.witness.at(-1), readPushes(input.scriptSig)?.at(-1)];
    const publicKey = candidates.find((c) => c !== undefined && c.length === 33 && (c[0] === 0x02 || c[0] === 0x03));
    if (publicKey) return { publicKey, outpoint: serializeOutpoint(input.prevTxid, input.prevIndex) };
  }
  return undefined;
}

/** The payer's code a notification transaction carries, read with the recipient's notification private key. */
export function readNotification(tx: Transaction, recipientNotificationKey: Uint8Array): PaymentCode {
  const output = tx.outputs.find((o) => o.scriptPubKey.length === OP_RETURN_PREFIX.length + PAYLOAD_LENGTH && OP_RETURN_PREFIX.every((b, i) => o.scriptPubKey[i] === b));
  if (!output) throw new BlvmError('usage', 'not a BIP47 notification: no OP_RETURN output with an 80-byte payload');
  const designated = designatedInput(tx);
  if (!designated) throw new BlvmError('usage', 'not a BIP47 notification: no input exposes a public key');
  const mask = blindingMask(secretPointX(recipientNotificationKey, designated.publicKey), designated.outpoint);
  const payload = applyMask(output.scriptPubKey.slice(OP_RETURN_PREFIX.length), mask);
  const code = serializePaymentCode({ payload });
  const problem = paymentCodeProblem(code);
  if (problem !== undefined) throw new BlvmError('usage', `the notification does not unblind to a valid payment code (another recipient's, or not BIP47): ${problem}`);
  return parsePaymentCode(code);
}
