// [binary]: integrity hashes of the entry point and, with tree_hash and files, of every other
// shipped file.
import { posix } from 'node:path';
import { kindOf, type Problems } from './problems.js';
import { didYouMean } from './suggest.js';
import { HASH_PATTERN } from './types.js';

const BINARY_FIELDS = ['hash', 'size', 'tree_hash', 'files'];
const HASH_FORMAT = 'expected "sha256:" followed by 64 lowercase hex digits';

/** Why a covered-file path is not a plain relative posix path, if it is not. */
function filePathProblem(path: string): string | undefined {
  if (path === '' || path.startsWith('/') || path.includes('\0')) return 'is not a relative path';
  if (posix.normalize(path) !== path || path.endsWith('/')) return 'is not a normalised relative path (no "./", "//" or trailing "/")';
  if (path === '..' || path.startsWith('../')) return 'points outside the module directory';
  return undefined;
}

export function checkBinary(raw: Record<string, unknown>, p: Problems): void {
  const binary = raw.binary;
  if (binary === undefined || !p.expect(['binary'], binary, 'table')) return;
  const table = binary as Record<string, unknown>;
  for (const field of Object.keys(table)) {
    if (!BINARY_FIELDS.includes(field)) p.add(['binary', field], `unknown field${didYouMean(field, BINARY_FIELDS)}`);
  }
  for (const field of ['hash', 'size']) {
    if (table[field] === undefined) p.add(['binary', field], 'required field is missing (run `blvm module sign` to compute it)');
  }
  // Without both, only the entry point is hashed (the reference form): no other file may ship.
  for (const [field, other] of [['tree_hash', 'files'], ['files', 'tree_hash']]) {
    if (table[field] === undefined && table[other] !== undefined) {
      p.add(['binary', field], `required with binary.${other} (give both, or neither when the entry point is the only file; run \`blvm module sign\`)`);
    }
  }
  for (const field of ['hash', 'tree_hash']) {
    const value = table[field];
    if (value !== undefined && p.expect(['binary', field], value, 'string') && !HASH_PATTERN.test(value as string)) {
      p.add(['binary', field], `${JSON.stringify(value)}: ${HASH_FORMAT}`);
    }
  }
  if (table.size !== undefined && p.expect(['binary', 'size'], table.size, 'integer') && (table.size as number) < 0) {
    p.add(['binary', 'size'], `${String(table.size)} must not be negative`);
  }
  if (table.files === undefined || !p.expect(['binary', 'files'], table.files, 'table')) return;
  for (const [path, hash] of Object.entries(table.files as Record<string, unknown>)) {
    const problem = filePathProblem(path);
    if (problem !== undefined) p.add(['binary', 'files', path], problem);
    if (kindOf(hash) !== 'string' || !HASH_PATTERN.test(hash as string)) {
      p.add(['binary', 'files', path], `${HASH_FORMAT}, got ${JSON.stringify(hash)}`);
    }
  }
}
