// parseConfig: blvm.toml text → validated NodeConfig, or one BlvmError listing every problem.
import { basename, dirname, resolve } from 'node:path';
import { BlvmError } from '../errors.js';
import type { NodeConfig } from './types.js';
import { buildConfig } from './build-config.js';
import { Problems } from './problems.js';
import { parseTomlText } from './toml-text.js';

function invalid(file: string, details: string[], cause?: unknown): BlvmError {
  const count = details.length === 1 ? '1 problem' : `${details.length} problems`;
  return new BlvmError('config_invalid', `${file}: ${count}`, { details, cause });
}

function parseToml(text: string, file: string): Record<string, unknown> {
  try {
    return parseTomlText(text, basename(file));
  } catch (cause) {
    throw invalid(file, [(cause as Error).message], cause);
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
