// Shared helpers of the config tests.
import { etc, getPublicKey, utils } from '@noble/secp256k1';
import { BlvmError } from '../../src/errors.js';
import { parseConfig } from '../../src/config/index.js';

/** A fresh valid compressed public key, hex. */
export function freshKey(): string {
  return etc.bytesToHex(getPublicKey(utils.randomSecretKey(), true));
}

/** The BlvmError thrown by parsing `text` (fails loudly if it parses). */
export function configError(text: string, file = '/etc/blvm/blvm.toml'): BlvmError {
  try {
    parseConfig(text, file);
  } catch (error) {
    if (error instanceof BlvmError) return error;
    throw error;
  }
  throw new Error(`expected the config to be rejected:\n${text}`);
}
