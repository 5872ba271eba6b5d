// The author's payment code private key for signing terms: a key file as `blvm keygen` writes
// it, or a file holding a hex BIP32 seed whose BIP47 identity m/47'/0'/0' is derived.
import { readFile } from 'node:fs/promises';
import { BlvmError } from '../errors.js';
import { readPrivateKeyFile } from '../trust/keys.js';
import { toHex } from '../trust/secp.js';
import { identityFromSeed } from './bip47/derive.js';

export async function readAuthorKey(source: { key?: string; seedFile?: string }): Promise<string> {
  if (source.key !== undefined) return readPrivateKeyFile(source.key);
  const text = (await readFile(source.seedFile!, 'utf8').catch((error: unknown) => {
    throw new BlvmError('not_found', `seed file ${source.seedFile} cannot be read: ${(error as Error).message}`, { cause: error });
  })).trim();
  if (!/^([0-9a-fA-F]{2}){16,64}$/.test(text)) throw new BlvmError('usage', `seed file ${source.seedFile}: expected a hex BIP32 seed of 16 to 64 bytes`);
  return toHex(identityFromSeed(new Uint8Array(Buffer.from(text, 'hex'))).privateKey!);
}
