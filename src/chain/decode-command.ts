import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { NETWORKS, type Network } from '../config/types.js';
import { errorText } from '../errors.js';
import { inferBlockHeight } from './bip34.js';
import { parseBlock } from './block-codec.js';
import { blockJson, formatBlock, formatRun, runJson, type HeightSource } from './decode-format.js';
import { HeaderChain } from './header-chain.js';
import { blockHash, parseHeaderRun } from './header-codec.js';
import type { ParentContext } from './header-rules.js';
import { bytesEqual } from './hash.js';
import { networkParams, type NetworkParams } from './params.js';
import { HEADER_SIZE, type Block } from './types.js';
import { validateBlock } from './validate-block.js';

export interface CommandIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

export const USAGE = 'usage: blvm chain decode FILE [--json] [--network mainnet|testnet|regtest] [--height N]\n';
const MAX_FILE_BYTES = 128 * 1024 * 1024;

interface Args {
  file: string;
  json: boolean;
  params: NetworkParams;
  height?: number;
}

/**
 * `blvm chain decode`: offline decode and validation of a raw block or a run of 80-byte
 * headers. `argv` holds the arguments after `blvm chain decode`.
 * Exit codes: 0 valid, 1 invalid or unparseable, 2 usage (bad arguments, unreadable file).
 */
export async function run(argv: string[], io: CommandIo): Promise<number> {
  const args = parseCommandArgs(argv, io);
  if (typeof args === 'number') return args;
  let bytes: Buffer;
  try {
    const info = await stat(args.file);
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > MAX_FILE_BYTES) throw new Error(`${info.size} bytes exceeds the ${MAX_FILE_BYTES}-byte limit`);
    bytes = await readFile(args.file);
  } catch (error) {
    io.stderr(`blvm chain decode: cannot read ${args.file}: ${errorText(error)}\n`);
    return 2;
  }
  const now = Math.floor(Date.now() / 1000);
  let block: Block;
  try {
    block = parseBlock(bytes);
  } catch (error) {
    if (bytes.length > 0 && bytes.length % HEADER_SIZE === 0) return decodeRun(bytes, args, now, io);
    io.stderr(`blvm chain decode: ${args.file} is neither a block nor a run of 80-byte headers: ${errorText(error)}\n`);
    if (args.json) io.stdout(`${JSON.stringify({ kind: 'unparseable', valid: false, error: errorText(error) }, null, 2)}\n`);
    return 1;
  }
  return decodeBlock(block, args, now, io);
}

function parseCommandArgs(argv: string[], io: CommandIo): Args | number {
  let values: { json?: boolean; network?: string; height?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        network: { type: 'string' },
        height: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.stderr(`blvm chain decode: ${errorText(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    io.stderr(`blvm chain decode: expected exactly one FILE, got ${positionals.length}\n${USAGE}`);
    return 2;
  }
  const network = values.network ?? 'mainnet';
  if (!NETWORKS.includes(network as Network)) {
    io.stderr(`blvm chain decode: unknown network "${network}" (expected mainnet, testnet or regtest)\n${USAGE}`);
    return 2;
  }
  let height: number | undefined;
  if (values.height !== undefined) {
    height = /^\d{1,10}$/.test(values.height) ? Number(values.height) : Number.NaN;
    if (!Number.isSafeInteger(height) || height > 0xffffffff) {
      io.stderr(`blvm chain decode: --height must be a non-negative integer, got "${values.height}"\n${USAGE}`);
      return 2;
    }
  }
  return { file: positionals[0], json: values.json === true, params: networkParams(network as Network), height };
}

function decodeBlock(block: Block, args: Args, now: number, io: CommandIo): number {
  let height = args.height;
  let source: HeightSource | undefined = height === undefined ? undefined : 'given';
  if (height === undefined) {
    height = inferBlockHeight(block, args.params.bip34Height);
    if (height !== undefined) source = 'coinbase';
    else if (bytesEqual(blockHash(block.header), args.params.genesisHash)) {
      height = 0;
      source = 'genesis';
    }
  }
  const verdict = validateBlock(block, {
    params: args.params,
    now,
    height,
    heightSource: source === 'coinbase' ? 'coinbase' : 'given',
  });
  const network = args.params.network;
  io.stdout(args.json ? `${JSON.stringify(blockJson(verdict, block.header, network, source), null, 2)}\n` : formatBlock(verdict, block.header, network, source));
  return verdict.valid ? 0 : 1;
}

function decodeRun(bytes: Buffer, args: Args, now: number, io: CommandIo): number {
  const headers = parseHeaderRun(bytes);
  let parent: ParentContext;
  if (args.height !== undefined) parent = { height: args.height - 1, recentTimes: [], chainwork: args.height === 0 ? 0n : undefined };
  else if (bytesEqual(blockHash(headers[0]), args.params.genesisHash)) parent = { height: -1, recentTimes: [], chainwork: 0n };
  else parent = { recentTimes: [] };
  const report = new HeaderChain(args.params, parent).validateRun(headers, now);
  const network = args.params.network;
  io.stdout(args.json ? `${JSON.stringify(runJson(report, network), null, 2)}\n` : formatRun(report, network));
  return report.valid ? 0 : 1;
}
