import { BlvmError } from '../errors.js';
import type { Network } from '../config/types.js';
import { createGenesisBlock } from './genesis.js';
import { blockHash } from './header-codec.js';
import type { Block } from './types.js';

// Consensus parameters of the three networks blvm knows, as in Bitcoin Core's chainparams.

export interface NetworkParams {
  readonly network: Network;
  readonly genesisBlock: Block;
  /** Genesis block hash, internal byte order. */
  readonly genesisHash: Buffer;
  /** Easiest allowed target. */
  readonly powLimit: bigint;
  /** powLimit in compact form. */
  readonly powLimitBits: number;
  /** Seconds between blocks the difficulty aims for. */
  readonly targetSpacing: number;
  /** Seconds a difficulty period aims to last (two weeks). */
  readonly targetTimespan: number;
  /** Blocks per difficulty period. */
  readonly retargetInterval: number;
  /** testnet/regtest: a block more than 2 × targetSpacing after its parent may use powLimitBits. */
  readonly allowMinDifficultyBlocks: boolean;
  /** regtest: difficulty never changes. */
  readonly noRetargeting: boolean;
  readonly bip34Height: number;
  readonly bip65Height: number;
  readonly bip66Height: number;
  readonly segwitHeight: number;
  /** First height whose P2TR spends are executed; null where blvm does not know it (testnet: not executed). */
  readonly taprootHeight: number | null;
  readonly maxBlockWeight: number;
  /** A header's time may be at most this many seconds after the validator's clock. */
  readonly maxFutureBlockTime: number;
  /** Headers whose times form the median-time-past. */
  readonly medianTimeSpan: number;
  readonly subsidyHalvingInterval: number;
}

const MAINNET_POW_LIMIT = (1n << 224n) - 1n;
const REGTEST_POW_LIMIT = (1n << 255n) - 1n;

const common = {
  targetSpacing: 600,
  targetTimespan: 14 * 24 * 60 * 60,
  retargetInterval: 2016,
  maxBlockWeight: 4_000_000,
  maxFutureBlockTime: 2 * 60 * 60,
  medianTimeSpan: 11,
} as const;

function withGenesis(p: Omit<NetworkParams, 'genesisHash'>): NetworkParams {
  return Object.freeze({ ...p, genesisHash: blockHash(p.genesisBlock.header) });
}

export const mainnetParams: NetworkParams = withGenesis({
  ...common,
  network: 'mainnet',
  genesisBlock: createGenesisBlock(1231006505, 2083236893, 0x1d00ffff),
  powLimit: MAINNET_POW_LIMIT,
  powLimitBits: 0x1d00ffff,
  allowMinDifficultyBlocks: false,
  noRetargeting: false,
  bip34Height: 227931,
  bip65Height: 388381,
  bip66Height: 363725,
  segwitHeight: 481824,
  taprootHeight: 709632,
  subsidyHalvingInterval: 210000,
});

/** testnet3. */
export const testnetParams: NetworkParams = withGenesis({
  ...common,
  network: 'testnet',
  genesisBlock: createGenesisBlock(1296688602, 414098458, 0x1d00ffff),
  powLimit: MAINNET_POW_LIMIT,
  powLimitBits: 0x1d00ffff,
  allowMinDifficultyBlocks: true,
  noRetargeting: false,
  bip34Height: 21111,
  bip65Height: 581885,
  bip66Height: 330776,
  segwitHeight: 834624,
  taprootHeight: null,
  subsidyHalvingInterval: 210000,
});

export const regtestParams: NetworkParams = withGenesis({
  ...common,
  network: 'regtest',
  genesisBlock: createGenesisBlock(1296688602, 2, 0x207fffff),
  powLimit: REGTEST_POW_LIMIT,
  powLimitBits: 0x207fffff,
  allowMinDifficultyBlocks: true,
  noRetargeting: true,
  bip34Height: 1,
  bip65Height: 1,
  bip66Height: 1,
  segwitHeight: 0,
  taprootHeight: 0,
  subsidyHalvingInterval: 150,
});

export function networkParams(network: Network): NetworkParams {
  switch (network) {
    case 'mainnet':
      return mainnetParams;
    case 'testnet':
      return testnetParams;
    case 'regtest':
      return regtestParams;
    default:
      throw new BlvmError('usage', `unknown network "${String(network)}" (expected mainnet, testnet or regtest)`);
  }
}

/** Block subsidy in satoshis at `height` (50 BTC halving every subsidyHalvingInterval blocks). */
export function blockSubsidy(params: NetworkParams, height: number): bigint {
  const halvings = Math.floor(height / params.subsidyHalvingInterval);
  return halvings >= 64 ? 0n : 5_000_000_000n >> BigInt(halvings);
}
