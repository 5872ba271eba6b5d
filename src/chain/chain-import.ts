// `importchain`: a file holding one raw block or a run of 80-byte headers (detected as
// `blvm chain decode` does), validated and stored by the chain store of the running node.
import { readFile, stat } from 'node:fs/promises';
import { BlvmError, errorText } from '../errors.js';
import { parseBlock } from './block-codec.js';
import type { ChainStore, ImportProgress } from './chain-store.js';
import type { ImportReport } from './chain-views.js';
import { parseHeaderRun } from './header-codec.js';
import { HEADER_SIZE, type Block, type BlockHeader } from './types.js';

export const MAX_IMPORT_BYTES = 128 * 1024 * 1024;

export type ChainFile = { kind: 'block'; block: Block; raw: Buffer } | { kind: 'headers'; headers: BlockHeader[] };

/** A raw block if the bytes parse as one; else, if the length is a multiple of 80, a header run. */
export function detectChainFile(bytes: Buffer, name: string): ChainFile {
  try {
    return { kind: 'block', block: parseBlock(bytes), raw: bytes };
  } catch (error) {
    if (bytes.length > 0 && bytes.length % HEADER_SIZE === 0) return { kind: 'headers', headers: parseHeaderRun(bytes) };
    throw new BlvmError('protocol', `${name} is neither a block nor a run of 80-byte headers: ${errorText(error)}`);
  }
}

export async function readChainFile(file: string): Promise<Buffer> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > MAX_IMPORT_BYTES) throw new Error(`${info.size} bytes exceeds the ${MAX_IMPORT_BYTES}-byte limit`);
    return await readFile(file);
  } catch (error) {
    throw new BlvmError('usage', `cannot read ${file}: ${errorText(error)}`, { cause: error });
  }
}

export async function importChainFile(store: ChainStore, file: string, onProgress?: (p: ImportProgress) => void): Promise<ImportReport> {
  const parsed = detectChainFile(await readChainFile(file), file);
  if (parsed.kind === 'block') return store.acceptBlock(parsed.block, parsed.raw);
  return store.acceptHeaders(parsed.headers, onProgress);
}
