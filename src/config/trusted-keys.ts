// `[security] trusted_maintainers` and `[registry] trusted_keys`: arrays of
// `{ name, public_key }` with compressed secp256k1 keys, unique names and unique keys.
import { Point } from '@noble/secp256k1';
import type { TrustedKey } from './types.js';
import { suggestion } from './did-you-mean.js';
import type { Field } from './fields.js';
import { ValueError, describeValue, isTable, type ValueProblem } from './value-error.js';

const COMPRESSED_KEY = /^0[23][0-9a-f]{64}$/;
const ENTRY_KEYS = ['name', 'public_key'];

/** Lowercased compressed public key; throws ValueError unless it is a point on secp256k1. */
export function parsePublicKey(value: unknown): string {
  if (typeof value !== 'string') throw new ValueError(`expected a compressed public key (66 hex characters), got ${describeValue(value)}`);
  const key = value.trim().toLowerCase();
  if (!COMPRESSED_KEY.test(key)) {
    throw new ValueError(`expected a compressed secp256k1 public key: 66 hex characters starting with 02 or 03, got ${describeValue(value)}`);
  }
  try {
    Point.fromHex(key);
  } catch {
    throw new ValueError(`${describeValue(value)} is not a point on the secp256k1 curve`);
  }
  return key;
}

function parseEntry(value: unknown, problems: ValueProblem[], at: string): TrustedKey | undefined {
  if (!isTable(value)) {
    problems.push({ subpath: at, message: `expected a table like { name = "alice", public_key = "02…" }, got ${describeValue(value)}` });
    return undefined;
  }
  const before = problems.length;
  for (const key of Object.keys(value)) {
    if (!ENTRY_KEYS.includes(key)) problems.push({ subpath: `${at}.${key}`, message: `unknown key${suggestion(key, ENTRY_KEYS)}` });
  }
  const { name, public_key: publicKey } = value;
  if (typeof name !== 'string' || name.trim() === '') {
    problems.push({ subpath: `${at}.name`, message: name === undefined ? 'missing (every key needs a name)' : `expected a non-empty string, got ${describeValue(name)}` });
  }
  let key: string | undefined;
  if (publicKey === undefined) {
    problems.push({ subpath: `${at}.public_key`, message: 'missing' });
  } else {
    try {
      key = parsePublicKey(publicKey);
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      problems.push({ subpath: `${at}.public_key`, message: error.problems[0].message });
    }
  }
  return problems.length === before ? { name: name as string, public_key: key as string } : undefined;
}

export function trustedKeys(doc: string): Field<TrustedKey[]> {
  return {
    type: 'array of { name, public_key }',
    default: [],
    doc,
    parse(value) {
      if (!Array.isArray(value)) {
        throw new ValueError(`expected an array of { name, public_key } tables, got ${describeValue(value)}`);
      }
      const problems: ValueProblem[] = [];
      const out: TrustedKey[] = [];
      const byName = new Map<string, number>();
      const byKey = new Map<string, { index: number; name: string }>();
      value.forEach((element, index) => {
        const entry = parseEntry(element, problems, `[${index}]`);
        if (!entry) return;
        const sameName = byName.get(entry.name);
        const sameKey = byKey.get(entry.public_key);
        if (sameName !== undefined) {
          problems.push({ subpath: `[${index}].name`, message: `duplicate name ${describeValue(entry.name)} (also entry [${sameName}])` });
        }
        if (sameKey !== undefined) {
          problems.push({ subpath: `[${index}].public_key`, message: `duplicate key: the same public key is already listed as ${describeValue(sameKey.name)} (entry [${sameKey.index}])` });
        }
        if (sameName !== undefined || sameKey !== undefined) return;
        byName.set(entry.name, index);
        byKey.set(entry.public_key, { index, name: entry.name });
        out.push(entry);
      });
      if (problems.length > 0) throw new ValueError(problems);
      return out;
    },
  };
}
