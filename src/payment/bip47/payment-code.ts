// BIP47 version 1 payment codes: the 80-byte payload, its base58check form (version byte 0x47)
// and every check BIP47 asks of a code received from someone else.
import { sha256 } from '@noble/hashes/sha2.js';
import { createBase58check } from '@scure/base';
import { BlvmError } from '../../errors.js';
import { secp } from '../../trust/secp.js';

const base58check = createBase58check(sha256);

export const PAYMENT_CODE_PREFIX = 0x47;
export const PAYLOAD_LENGTH = 80;
const BITMESSAGE_FEATURE = 0x01;

export interface PaymentCode {
  /** Payload version: always 1 here. */
  version: 1;
  /** Features byte; bit 0 asks for Bitmessage notification. */
  features: number;
  /** 33-byte compressed public key of the identity (m/47'/coin'/account'). */
  publicKey: Uint8Array;
  chainCode: Uint8Array;
  /** The 80-byte binary serialization. */
  payload: Uint8Array;
}

function decodeBase58check(text: string): Uint8Array | string {
  try {
    return base58check.decode(text);
  } catch (error) {
    return `not base58check (${error instanceof Error ? error.message : String(error)})`;
  }
}

// Why an 80-byte payload is not a valid version 1 code, or undefined.
function payloadProblem(payload: Uint8Array): string | undefined {
  if (payload[0] !== 1) return `payload version ${payload[0]} is not supported (only version 1)`;
  if ((payload[1]! & ~BITMESSAGE_FEATURE) !== 0) return `features byte 0x${payload[1]!.toString(16).padStart(2, '0')} sets reserved bits`;
  if (payload[2] !== 0x02 && payload[2] !== 0x03) return `sign byte 0x${payload[2]!.toString(16).padStart(2, '0')} is neither 0x02 nor 0x03`;
  try {
    secp.Point.fromBytes(payload.subarray(2, 35)).assertValidity();
  } catch {
    return 'the x value is not a point on secp256k1';
  }
  const reservedFrom = (payload[1]! & BITMESSAGE_FEATURE) !== 0 ? 69 : 67;
  if (payload.subarray(reservedFrom).some((b) => b !== 0)) return 'reserved bytes are not zero';
  return undefined;
}

/** Why `text` is not a valid BIP47 version 1 payment code, or undefined. */
export function paymentCodeProblem(text: string): string | undefined {
  const bytes = decodeBase58check(text.trim());
  if (typeof bytes === 'string') return bytes;
  if (bytes.length !== PAYLOAD_LENGTH + 1) return `decodes to ${bytes.length} bytes, expected ${PAYLOAD_LENGTH + 1}`;
  if (bytes[0] !== PAYMENT_CODE_PREFIX) return `version byte 0x${bytes[0]!.toString(16).padStart(2, '0')} is not 0x47`;
  return payloadProblem(bytes.subarray(1));
}

/** Parses a `PM8T…` code; `label` names where it came from in the error. */
export function parsePaymentCode(text: string, label = 'payment code'): PaymentCode {
  const problem = paymentCodeProblem(text);
  if (problem !== undefined) throw new BlvmError('usage', `${label}: invalid BIP47 payment code: ${problem}`);
  const payload = decodeBase58check(text.trim()).slice(1) as Uint8Array;
  return { version: 1, features: payload[1]!, publicKey: payload.slice(2, 35), chainCode: payload.slice(35, 67), payload };
}

/** The version 1 code of an identity key (no features, reserved bytes zero). */
export function paymentCodeFromKey(publicKey: Uint8Array, chainCode: Uint8Array): PaymentCode {
  const payload = new Uint8Array(PAYLOAD_LENGTH);
  payload[0] = 1;
  payload.set(publicKey, 2);
  payload.set(chainCode, 35);
  return { version: 1, features: 0, publicKey: publicKey.slice(), chainCode: chainCode.slice(), payload };
}

export function serializePaymentCode(code: Pick<PaymentCode, 'payload'>): string {
  const bytes = new Uint8Array(PAYLOAD_LENGTH + 1);
  bytes[0] = PAYMENT_CODE_PREFIX;
  bytes.set(code.payload, 1);
  return base58check.encode(bytes);
}
