// parseConfig: blvm.toml text → validated NodeConfig, or one BlvmError listing every problem.
import { basename, dirname, resolve } from 'node:path';
import toml from 'toml';
import { BlvmError } from '../errors.js';
import type { NodeConfig } from './types.js';
import { buildConfig } from './build-config.js';
import { Problems } from './problems.js';

function invalid(file: string, details: string[], cause?: unknown): BlvmError {
  const count = details.length === 1 ? '1 problem' : `${details.length} problems`;
  return new BlvmError('config_invalid', `${file}: ${count}`, { details, cause });
}

interface TomlError {
  message: string;
  line?: number;
  column?: number;
  location?: { start?: { line?: number; column?: number } };
}

function parseToml(text: string, file: string): Record<string, unknown> {
  try {
    return toml.parse(text) as Record<string, unknown>;
  } catch (cause) {
    const error = cause as TomlError;
    // toml@5: semantic errors carry line/column, grammar errors (peggy) carry location.start.
    const line = error.line ?? error.location?.start?.line;
    const column = error.column ?? error.location?.start?.column;
    const where = line === undefined ? basename(file) : `${basename(file)}:${line}:${column ?? 1}`;
    const detail = `${where}: invalid TOML: ${error.message ?? String(cause)}`;
    throw invalid(file, [detail], cause);
  }
}

/** Parses, validates and defaults `text`; relative paths resolve against dirname(file). */
export function parseConfig(text: string, file: string): NodeConfig {
  const doc = parseToml(text, file);
  const absolute = resolve(file);
  const problems = new Problems(basename(file));
  const config = buildConfig(doc, absolute, dirname(absolute), problems);
  if (problems.count > 0) throw invalid(file, problems.lines(Object.keys(doc)));
  return config;
}

/** Every default, as if parsing an empty blvm.toml located in `dir`. */
export function defaultConfig(dir: string): NodeConfig {
  const absolute = resolve(dir);
  const problems = new Problems('<defaults>');
  const config = buildConfig({}, '<defaults>', absolute, problems);
  if (problems.count > 0) throw new BlvmError('internal', 'built-in defaults are invalid', { details: problems.lines() });
  return config;
}
