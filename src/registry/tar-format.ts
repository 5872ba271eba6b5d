// The ustar header block (POSIX.1-1988) for the two entry types blvm artifacts hold:
// regular files and directories. Anything else is refused when reading.
import { BlvmError } from '../errors.js';

export const BLOCK = 512;

export type TarEntryType = 'file' | 'directory';

export interface TarHeader {
  path: string;
  type: TarEntryType;
  mode: number;
  size: number;
}

const NAME_MAX = 100;
const PREFIX_MAX = 155;
const MAGIC = 'ustar\u000000';

function writeString(block: Buffer, offset: number, length: number, value: string): void {
  block.write(value, offset, length, 'utf8');
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  writeString(block, offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
}

/** Splits a path into ustar prefix and name fields, or throws naming the path. */
function splitPath(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= NAME_MAX) return { prefix: '', name: path };
  for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= PREFIX_MAX && Buffer.byteLength(name) <= NAME_MAX && name !== '') return { prefix, name };
  }
  throw new BlvmError('usage', `path ${path} is too long for a ustar archive (at most 155 + 100 bytes split at a "/")`);
}

const checksumOf = (block: Buffer): number => {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i];
  return sum;
};

export function encodeHeader(header: TarHeader): Buffer {
  const block = Buffer.alloc(BLOCK);
  const stored = header.type === 'directory' ? `${header.path}/` : header.path;
  const { prefix, name } = splitPath(stored);
  writeString(block, 0, NAME_MAX, name);
  writeOctal(block, 100, 8, header.mode);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, header.type === 'directory' ? 0 : header.size);
  writeOctal(block, 136, 12, 0);
  block[156] = header.type === 'directory' ? 0x35 : 0x30;
  writeString(block, 257, 8, MAGIC);
  writeString(block, 345, PREFIX_MAX, prefix);
  writeString(block, 148, 8, checksumOf(block).toString(8).padStart(6, '0') + '\0 ');
  return block;
}

function readString(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function readOctal(block: Buffer, offset: number, length: number, what: string, at: number): number {
  const text = readString(block, offset, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new BlvmError('integrity_failed', `tar header at byte ${at}: ${what} is not an octal number`);
  return parseInt(text, 8);
}

export const isZeroBlock = (block: Buffer): boolean => block.every((byte) => byte === 0);

const TYPE_NAMES: Record<string, string> = {
  '1': 'hard link',
  '2': 'symbolic link',
  '3': 'character device',
  '4': 'block device',
  '6': 'FIFO',
  x: 'pax extended header',
  g: 'pax global header',
  L: 'GNU long name',
  K: 'GNU long link name',
};

/** Parses one header block at byte `at`; refuses bad checksums and every type but file and directory. */
export function decodeHeader(block: Buffer, at: number): TarHeader {
  const stored = readOctal(block, 148, 8, 'checksum', at);
  if (stored !== checksumOf(block)) throw new BlvmError('integrity_failed', `tar header at byte ${at}: checksum mismatch`);
  if (block.subarray(257, 262).toString('latin1') !== 'ustar') {
    throw new BlvmError('integrity_failed', `tar header at byte ${at}: not a ustar header`);
  }
  const name = readString(block, 0, NAME_MAX);
  const prefix = readString(block, 345, PREFIX_MAX);
  const raw = prefix === '' ? name : `${prefix}/${name}`;
  const flag = String.fromCharCode(block[156]);
  let type: TarEntryType;
  if (flag === '0' || flag === '\0') type = 'file';
  else if (flag === '5') type = 'directory';
  else throw new BlvmError('integrity_failed', `${raw}: ${TYPE_NAMES[flag] ?? `entry type "${flag}"`} entries are not allowed in a module artifact`);
  const path = type === 'directory' ? raw.replace(/\/+$/, '') : raw;
  const mode = readOctal(block, 100, 8, 'mode', at);
  const size = type === 'directory' ? 0 : readOctal(block, 124, 12, 'size', at);
  return { path, type, mode, size };
}
