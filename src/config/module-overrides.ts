// `[modules.<name>]` tables: per-module overrides, node wins. Known keys are split out
// (capabilities, restart, limit keys, critical, standby); every other key is module config,
// passed through verbatim (the module's own config_schema validates it).
import type { ModuleOverride, RestartType, SupervisionPolicy } from './types.js';
import { suggestion } from './did-you-mean.js';
import { MODULE_NAME, MODULE_NAME_RULE, boolean, capabilities } from './fields.js';
import { keyPath, type Problems } from './problems.js';
import { LIMITS_SCHEMA, SUPERVISION_SCHEMA } from './schema.js';
import { parseSection } from './section.js';
import { describeValue, isTable } from './value-error.js';

/** Keys of `[modules.<name>]` that are not passed to the module as config. */
export const OVERRIDE_KEYS = ['capabilities', 'restart', 'critical', 'standby', ...Object.keys(LIMITS_SCHEMA)];

const capabilitiesField = capabilities('capabilities granted to this module (only narrows the manifest)');
const criticalField = boolean('a quarantine of this module degrades or stops the node', false);
const standbyField = boolean('keep a warm spare process that takes over at once after a crash', false);
const RESTART_TYPES = ['permanent', 'transient', 'temporary'];

function parseRestartType(value: unknown): RestartType {
  return SUPERVISION_SCHEMA.restart.parse(value);
}

function parseRestart(value: unknown, table: string[], problems: Problems): Partial<SupervisionPolicy> {
  if (typeof value === 'string') {
    const type = problems.check(keyPath(table, 'restart'), () => parseRestartType(value));
    return type === undefined ? {} : { restart: type };
  }
  if (!isTable(value)) {
    const types = RESTART_TYPES.map((t) => JSON.stringify(t)).join(' | ');
    problems.add(keyPath(table, 'restart'), `expected a restart type (${types}) or a table of [supervision] keys, got ${describeValue(value)}`);
    return {};
  }
  // Inside the table the restart type may be spelt `type = "transient"` or `restart = "transient"`.
  const restartTable = [...table, 'restart'];
  const { type, ...keys } = value;
  const policy = parseSection(SUPERVISION_SCHEMA, keys, restartTable, problems, {
    defaults: false,
    unknownHint: (key) => suggestion(key, ['type']),
  });
  if (type !== undefined) {
    const path = keyPath(restartTable, 'type');
    if ('restart' in keys) problems.add(path, 'the restart type is given twice (use either type or restart)');
    const parsed = problems.check(path, () => parseRestartType(type));
    if (parsed !== undefined) policy.restart = parsed;
  }
  return policy;
}

/** The override of one module, or undefined if its name is invalid. */
export function parseModuleOverride(name: string, raw: Record<string, unknown>, problems: Problems): ModuleOverride | undefined {
  const table = ['modules', name];
  if (!MODULE_NAME.test(name)) {
    problems.add(keyPath(table), `invalid module name ${describeValue(name)}: use ${MODULE_NAME_RULE}`);
    return undefined;
  }
  const override: ModuleOverride = { restart: {}, limits: {}, config: {} };
  const limits: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const path = keyPath(table, key);
    if (key === 'capabilities') {
      const caps = problems.check(path, () => capabilitiesField.parse(value));
      if (caps !== undefined) override.capabilities = caps;
    } else if (key === 'critical') {
      const critical = problems.check(path, () => criticalField.parse(value));
      if (critical !== undefined) override.critical = critical;
    } else if (key === 'standby') {
      const standby = problems.check(path, () => standbyField.parse(value));
      if (standby !== undefined) override.standby = standby;
    } else if (key === 'restart') {
      override.restart = parseRestart(value, table, problems);
    } else if (Object.hasOwn(LIMITS_SCHEMA, key)) {
      limits[key] = value;
    } else {
      override.config[key] = value;
    }
  }
  override.limits = parseSection(LIMITS_SCHEMA, limits, table, problems, { defaults: false });
  return override;
}
