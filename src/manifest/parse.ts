// module.toml text → typed Manifest, with every schema problem reported at once.
import { basename } from 'node:path';
import toml from 'toml';
import { MAX_TOML_DEPTH, tomlNestingProblem } from '../config/toml-depth.js';
import { BlvmError } from '../errors.js';
import { checkBinary } from './check-binary.js';
import { checkConfigSchema } from './check-config-schema.js';
import { checkCore } from './check-core.js';
import { checkDependencies } from './check-dependencies.js';
import { checkPayment } from './check-payment.js';
import { checkSignatures } from './check-signatures.js';
import { checkPlainValue } from './check-values.js';
import { isTable, Problems } from './problems.js';
import { didYouMean } from './suggest.js';
import { TomlLayout } from './toml-layout.js';
import { MANIFEST_FIELDS, type Manifest } from './types.js';

export interface ManifestValidation {
  /** Present when the text is valid TOML (even if the schema has problems). */
  raw?: Record<string, unknown>;
  /** Present only when there are no problems. */
  manifest?: Manifest;
  problems: Problems;
}

interface TomlParseError {
  message: string;
  line?: number;
  column?: number;
  location?: { start: { line: number; column: number } };
}

function tomlErrorProblem(error: unknown, problems: Problems): void {
  const e = error as TomlParseError;
  const line = e.line ?? e.location?.start.line;
  const column = e.column ?? e.location?.start.column;
  const display = problems.display;
  const where = line === undefined ? display : column === undefined ? `${display}:${line}` : `${display}:${line}:${column}`;
  problems.addFormatted(`${where}: invalid TOML: ${e.message}`, line);
}

// Copies parser output (null-prototype tables) into ordinary objects, keeping every key.
function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (isTable(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  return value;
}

/** Parses and checks the schema; never throws. */
export function validateManifestText(text: string, file: string): ManifestValidation {
  const display = basename(file);
  const deep = tomlNestingProblem(text);
  if (deep !== undefined) {
    const problems = new Problems(display);
    problems.addFormatted(`${display}:${deep.line}: nested more than ${MAX_TOML_DEPTH} levels deep (tables, dotted keys, arrays, inline tables)`, deep.line);
    return { problems };
  }
  let raw: Record<string, unknown>;
  try {
    raw = toml.parse(text) as Record<string, unknown>;
  } catch (error) {
    const problems = new Problems(display);
    tomlErrorProblem(error, problems);
    return { problems };
  }
  const problems = new Problems(display, new TomlLayout(text));
  for (const key of Object.keys(raw)) {
    if (!(MANIFEST_FIELDS as readonly string[]).includes(key)) {
      problems.add([key], `unknown field${didYouMean(key, MANIFEST_FIELDS)}`);
    }
  }
  checkCore(raw, problems);
  checkDependencies(raw, problems);
  checkConfigSchema(raw, problems);
  checkBinary(raw, problems);
  checkSignatures(raw, problems);
  if (raw.payment !== undefined && problems.expect(['payment'], raw.payment, 'table')) {
    checkPlainValue(['payment'], raw.payment, problems);
    checkPayment(raw, raw.payment as Record<string, unknown>, problems);
  }
  const manifest = problems.count === 0 ? (toPlain(raw) as Manifest) : undefined;
  return { raw, manifest, problems };
}

export function manifestError(file: string, problems: readonly string[]): BlvmError {
  const noun = problems.length === 1 ? 'problem' : 'problems';
  return new BlvmError('manifest_invalid', `${file}: ${problems.length} ${noun}`, { details: [...problems] });
}

/** Schema-only parse of module.toml text; `file` names it in every problem. */
export function parseManifest(text: string, file: string): Manifest {
  const { manifest, problems } = validateManifestText(text, file);
  if (manifest === undefined) throw manifestError(file, problems.items);
  return manifest;
}
