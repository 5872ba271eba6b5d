// The node's secp256k1 identity key: created on first start as data/identity/node.key
// (dir 0700, file 0600), outside every module's data dir; it signs the node's votes.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../manifest/paths.js';
import { generatePrivateKey, publicKeyOf, readPrivateKeyFile } from '../trust/keys.js';

export interface NodeIdentity {
  file: string;
  privateKey: string;
  publicKey: string;
}

export const identityKeyFile = (dataDir: string): string => join(dataDir, 'identity', 'node.key');

/** Reads the node key, creating it (exclusively, mode 0600) when the data dir has none. */
export async function loadNodeIdentity(dataDir: string): Promise<NodeIdentity> {
  const file = identityKeyFile(dataDir);
  await mkdir(join(dataDir, 'identity'), { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, generatePrivateKey() + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') throw error;
  }
  const privateKey = await readPrivateKeyFile(file);
  return { file, privateKey, publicKey: publicKeyOf(privateKey) };
}
