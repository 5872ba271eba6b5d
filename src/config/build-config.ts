// Turns a parsed TOML document into a NodeConfig: every section validated, defaults
// applied, relative paths resolved against the config file's directory.
import { resolve } from 'node:path';
import type { ModuleOverride, NodeConfig } from './types.js';
import { checkConfig } from './checks.js';
import { parseModuleOverride } from './module-overrides.js';
import { keyPath, type Problems } from './problems.js';
import { SCHEMA, SECTION_NAMES, type PlainSchema, type PlainSection, type SectionName } from './schema.js';
import { parseSection } from './section.js';
import { suggestion } from './did-you-mean.js';
import { describeValue, isTable } from './value-error.js';

/** ` (did you mean [supervision].max_delay?)` when `key` exists in another section. */
function otherSectionHint(key: string, except?: SectionName): string {
  const home = SECTION_NAMES.find((s) => s !== except && Object.hasOwn(SCHEMA[s], key));
  return home === undefined ? '' : ` (did you mean [${home}].${key}?)`;
}

function sectionTable(doc: Record<string, unknown>, name: SectionName, problems: Problems): Record<string, unknown> {
  const raw = doc[name];
  if (raw === undefined) return {};
  if (isTable(raw)) return raw;
  problems.add(keyPath([name]), `expected a table, got ${describeValue(raw)}`);
  return {};
}

function reportStrayKeys(doc: Record<string, unknown>, problems: Problems): void {
  for (const [key, value] of Object.entries(doc)) {
    if ((SECTION_NAMES as string[]).includes(key)) continue;
    if (isTable(value) || (Array.isArray(value) && value.length > 0 && value.every(isTable))) {
      const close = suggestion(key, SECTION_NAMES).replace(/"([^"]+)"/, '[$1]');
      problems.add(keyPath([key]), `unknown section${close}`);
    } else {
      problems.add(keyPath([], key), `unknown key outside any section${otherSectionHint(key)}`);
    }
  }
}

export function buildConfig(doc: Record<string, unknown>, file: string, dir: string, problems: Problems): NodeConfig {
  reportStrayKeys(doc, problems);
  const plain: PlainSchema = SCHEMA;
  const section = <S extends PlainSection>(name: S) =>
    parseSection<NodeConfig[S]>(plain[name], sectionTable(doc, name, problems), [name], problems, {
      defaults: true,
      unknownHint: (key) => otherSectionHint(key, name),
    }) as NodeConfig[S];

  const overrides: Record<string, ModuleOverride> = {};
  const modules = parseSection(SCHEMA.modules, sectionTable(doc, 'modules', problems), ['modules'], problems, {
    defaults: true,
    unknownHint: (key) => otherSectionHint(key, 'modules'),
    other(key, value) {
      if (!isTable(value)) return false;
      const override = parseModuleOverride(key, value, problems);
      if (override) overrides[key] = override;
      return true;
    },
  }) as Omit<NodeConfig['modules'], 'overrides'>;

  const node = section('node');
  const config: NodeConfig = {
    file,
    dir,
    node: { ...node, data_dir: resolve(dir, node.data_dir) },
    modules: { ...modules, modules_dir: resolve(dir, modules.modules_dir), overrides },
    security: section('security'),
    supervision: section('supervision'),
    limits: section('limits'),
    sandbox: section('sandbox'),
    inspector: section('inspector'),
    metrics: section('metrics'),
    ipc: section('ipc'),
    store: section('store'),
    logs: withDaemonLogFile(section('logs'), dir),
    registry: section('registry'),
    payments: section('payments'),
    mempool: section('mempool'),
    governance: section('governance'),
  };
  checkConfig(config, problems);
  return config;
}

// A relative daemon log file is taken from the config file's directory, like data_dir.
function withDaemonLogFile(logs: NodeConfig['logs'], dir: string): NodeConfig['logs'] {
  return logs.daemon_log_file === '' ? logs : { ...logs, daemon_log_file: resolve(dir, logs.daemon_log_file) };
}
