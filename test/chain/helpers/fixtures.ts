// Fixture access for the chain tests. The data's location and presence come from the one shared
// helper (test/helpers/fixture-data.ts); without the data, the index facts come from the committed
// copy so that test titles still name every file.
import { readFileSync } from 'node:fs';
import { parseHeaderRun } from '../../../src/chain/header-codec.js';
import type { KnownHeader } from '../../../src/chain/header-context.js';
import { INDEX_PATH } from '../../../tools/fixtures/location.js';
import { fixturePath, fixturesPresent } from '../../helpers/fixture-data.js';

export { fixturesDir, fixturePath, fixturesPresent, fixtureTest } from '../../helpers/fixture-data.js';

export function readFixture(rel: string): Buffer {
  return readFileSync(fixturePath(rel));
}

export interface IndexEntry {
  file: string;
  kind: string;
  height?: number;
  block_hash?: string;
  prev_block_hash?: string;
  merkle_root?: string;
  tx_count?: number;
  segwit_tx_count?: number;
  weight?: number;
  stripped_size?: number;
  coinbase_txid?: string;
  byte_size: number;
  first_height?: number;
  last_height?: number;
  first_hash?: string;
  last_hash?: string;
  first_prev_hash?: string;
  main_chain_hash_at_height?: string;
}

export const index: { genesis_hash: string; entries: IndexEntry[] } = JSON.parse(
  readFileSync(fixturesPresent ? fixturePath('index.json') : INDEX_PATH, 'utf8'),
);

export function entry(file: string): IndexEntry {
  const e = index.entries.find((x) => x.file === file);
  if (e === undefined) throw new Error(`no index entry for ${file}`);
  return e;
}

export interface BlockEntry extends IndexEntry {
  height: number;
  block_hash: string;
  prev_block_hash: string;
  merkle_root: string;
  tx_count: number;
  segwit_tx_count: number;
  weight: number;
  stripped_size: number;
  coinbase_txid: string;
}

/** The real (uncorrupted) blocks, whose entries carry every block field. */
export const realBlockEntries = index.entries.filter((e) => e.kind === 'block') as BlockEntry[];

/** An index field the test relies on; throws if the index lacks it. */
export function field<K extends keyof IndexEntry>(file: string, key: K): NonNullable<IndexEntry[K]> {
  const v = entry(file)[key];
  if (v === undefined || v === null) throw new Error(`index entry ${file} has no ${String(key)}`);
  return v as NonNullable<IndexEntry[K]>;
}

export interface BoundaryMeta {
  height: number;
  hash: string;
  prev_hash: string;
  time: number;
  bits: string;
  chainwork: string;
}

/** The retarget-boundary headers with their JSON metadata, in file order (empty without the data: every test reading them is skipped). */
export function loadBoundaries(): { meta: BoundaryMeta[]; known: KnownHeader[] } {
  if (!fixturesPresent) return { meta: [], known: [] };
  const meta: BoundaryMeta[] = JSON.parse(readFileSync(fixturePath('headers/mainnet-retarget-boundaries-0-832608.json'), 'utf8')).headers;
  const headers = parseHeaderRun(readFixture('headers/mainnet-retarget-boundaries-0-832608.bin'));
  if (headers.length !== meta.length) throw new Error('boundary .bin and .json disagree in length');
  const known = headers.map((header, i) => ({ height: meta[i].height, header, chainwork: BigInt(`0x${meta[i].chainwork}`) }));
  return { meta, known };
}

/** A fixed clock (2033) for the future-time rule, so tests never depend on the wall clock. */
export const NOW = 2_000_000_000;
