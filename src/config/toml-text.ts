// TOML text → table, with the parser's error turned into "<file>:LINE:COL: invalid TOML: …".
import toml from 'toml';
import { MAX_TOML_DEPTH, tomlNestingProblem } from './toml-depth.js';

interface TomlError {
  message: string;
  line?: number;
  column?: number;
  location?: { start?: { line?: number; column?: number } };
}

export class TomlSyntaxError extends Error {
  constructor(
    message: string,
    readonly where: string,
    readonly cause: unknown,
  ) {
    super(`${where}: invalid TOML: ${message}`);
  }
}

/** Parses TOML; throws TomlSyntaxError whose message names `label` with line and column when known. */
export function parseTomlText(text: string, label: string): Record<string, unknown> {
  const deep = tomlNestingProblem(text);
  if (deep !== undefined) {
    throw new TomlSyntaxError(`nested more than ${MAX_TOML_DEPTH} levels deep (tables, dotted keys, arrays, inline tables)`, `${label}:${deep.line}`, undefined);
  }
  try {
    return toml.parse(text) as Record<string, unknown>;
  } catch (cause) {
    const error = cause as TomlError;
    // toml@5: semantic errors carry line/column, grammar errors (peggy) carry location.start.
    const line = error.line ?? error.location?.start?.line;
    const column = error.column ?? error.location?.start?.column;
    const where = line === undefined ? label : `${label}:${line}:${column ?? 1}`;
    throw new TomlSyntaxError(error.message ?? String(cause), where, cause);
  }
}
