// [[signatures]]: only the shape is checked here; key and signature encodings are judged
// (and reported per signature) when signatures are verified.
import type { Problems } from './problems.js';
import { didYouMean } from './suggest.js';

const SIGNATURE_FIELDS = ['name', 'public_key', 'signature'];

export function checkSignatures(raw: Record<string, unknown>, p: Problems): void {
  const signatures = raw.signatures;
  if (signatures === undefined || !p.expect(['signatures'], signatures, 'array')) return;
  (signatures as unknown[]).forEach((entry, i) => {
    if (!p.expect(['signatures', i], entry, 'table')) return;
    const table = entry as Record<string, unknown>;
    for (const field of Object.keys(table)) {
      if (!SIGNATURE_FIELDS.includes(field)) p.add(['signatures', i, field], `unknown field${didYouMean(field, SIGNATURE_FIELDS)}`);
    }
    for (const field of ['public_key', 'signature']) {
      if (table[field] === undefined) p.add(['signatures', i, field], 'required field is missing');
      else p.expect(['signatures', i, field], table[field], 'string');
    }
    if (table.name !== undefined) p.expect(['signatures', i, 'name'], table.name, 'string');
  });
}
