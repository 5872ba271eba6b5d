// The wallet's file data/wallet/wallet.json: the mnemonic, the network it was made for, the next
// unused index of each key chain and the height it was made at. The directory is 0700 and the
// file 0600, both owned by the daemon; no module sandbox binds data/wallet (src/sandbox).
import { chmod, lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Network } from '../config/types.js';
import { BlvmError, errorText } from '../errors.js';
import { readJsonFile, writeJsonAtomic } from '../process/json-file.js';
import { checkMnemonic } from './wallet-keys.js';

export const WALLET_DIR = 'wallet';
export const WALLET_FILE = 'wallet.json';

export interface WalletState {
  version: 1;
  network: Network;
  mnemonic: string;
  /** Next receive index `wallet address` hands out. */
  nextReceive: number;
  /** Next change index a send uses. */
  nextChange: number;
  /** History scans start here: the tip height when the wallet was made, 0 when restored from words. */
  birthHeight: number;
}

export function walletFile(dataDir: string): string {
  return path.join(dataDir, WALLET_DIR, WALLET_FILE);
}

/** The stored wallet, or undefined when none was made; a damaged or foreign file is an error naming it. */
export async function readWallet(file: string, network: Network): Promise<WalletState | undefined> {
  let value: unknown;
  try {
    value = await readJsonFile(file);
  } catch (error) {
    throw new BlvmError('io', `cannot read wallet file ${file}: ${errorText(error)}`, { cause: error });
  }
  if (value === undefined) return undefined;
  const state = value as Partial<WalletState>;
  const index = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) >= 0;
  if (state.version !== 1 || typeof state.mnemonic !== 'string' || !index(state.nextReceive) || !index(state.nextChange) || !index(state.birthHeight)) {
    throw new BlvmError('io', `wallet file ${file} is damaged: expected version 1 with mnemonic, nextReceive, nextChange and birthHeight`);
  }
  if (state.network !== network) {
    throw new BlvmError('config_invalid', `wallet file ${file} belongs to the ${String(state.network)} network but [node] network is ${network}; use another data_dir or move the file away`);
  }
  checkMnemonic(state.mnemonic);
  return state as WalletState;
}

/** Writes the wallet atomically, creating data/wallet (0700) first. */
export async function writeWallet(file: string, state: WalletState): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  if (!info.isDirectory()) throw new BlvmError('conflict', `wallet directory ${dir} is not a directory; refusing to write the wallet there`);
  await chmod(dir, 0o700);
  await writeJsonAtomic(file, state, { mode: 0o600 });
}
