// Signatures, in either form: `[[signatures]]` entries (blvm) or a `[signatures]` table with
// `threshold` and `maintainers` (reference). Only the shape is checked here; key and signature
// encodings are judged (and reported per signature) when signatures are verified.
import type { PathSegment } from './toml-layout.js';
import type { Problems } from './problems.js';
import { didYouMean } from './suggest.js';
import { thresholdProblem } from './threshold.js';

const SIGNATURE_FIELDS = ['name', 'public_key', 'signature'];
const TABLE_FIELDS = ['threshold', 'maintainers'];

function checkEntries(path: PathSegment[], entries: unknown, p: Problems): void {
  if (!p.expect(path, entries, 'array')) return;
  (entries as unknown[]).forEach((entry, i) => {
    if (!p.expect([...path, i], entry, 'table')) return;
    const table = entry as Record<string, unknown>;
    for (const field of Object.keys(table)) {
      if (!SIGNATURE_FIELDS.includes(field)) p.add([...path, i, field], `unknown field${didYouMean(field, SIGNATURE_FIELDS)}`);
    }
    for (const field of ['public_key', 'signature']) {
      if (table[field] === undefined) p.add([...path, i, field], 'required field is missing');
      else p.expect([...path, i, field], table[field], 'string');
    }
    if (table.name !== undefined) p.expect([...path, i, 'name'], table.name, 'string');
  });
}

// The reference form: threshold and maintainers live in one table, and the threshold is given once.
function checkReferenceTable(raw: Record<string, unknown>, table: Record<string, unknown>, p: Problems): void {
  for (const field of Object.keys(table)) {
    if (!TABLE_FIELDS.includes(field)) p.add(['signatures', field], `unknown field${didYouMean(field, TABLE_FIELDS)}`);
  }
  if (table.maintainers === undefined) p.add(['signatures', 'maintainers'], 'required field is missing (an array of {name, public_key, signature})');
  else checkEntries(['signatures', 'maintainers'], table.maintainers, p);
  if (table.threshold !== undefined && p.expect(['signatures', 'threshold'], table.threshold, 'string')) {
    const problem = thresholdProblem(table.threshold as string);
    if (problem !== undefined) p.add(['signatures', 'threshold'], problem);
  }
  if (table.threshold !== undefined && raw.threshold !== undefined) {
    p.add(['threshold'], 'the threshold is given twice (here and in [signatures]): keep only signatures.threshold');
  }
}

export function checkSignatures(raw: Record<string, unknown>, p: Problems): void {
  const signatures = raw.signatures;
  if (signatures === undefined) return;
  if (Array.isArray(signatures)) checkEntries(['signatures'], signatures, p);
  else if (p.expect(['signatures'], signatures, 'table')) checkReferenceTable(raw, signatures as Record<string, unknown>, p);
}
