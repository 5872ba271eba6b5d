// [dependencies] and [optional_dependencies]: module name → semver range.
import semver from 'semver';
import type { Problems } from './problems.js';
import { MODULE_NAME_PATTERN } from './types.js';

export function checkDependencies(raw: Record<string, unknown>, p: Problems): void {
  for (const section of ['dependencies', 'optional_dependencies'] as const) {
    const table = raw[section];
    if (table === undefined || !p.expect([section], table, 'table')) continue;
    for (const [name, range] of Object.entries(table as Record<string, unknown>)) {
      if (!MODULE_NAME_PATTERN.test(name)) {
        p.add([section, name], `${JSON.stringify(name)} is not a valid module name`);
      }
      if (name === raw.name) p.add([section, name], 'a module cannot depend on itself');
      if (section === 'optional_dependencies' && isTableWith(raw.dependencies, name)) {
        p.add([section, name], 'is also listed in [dependencies]');
      }
      if (!p.expect([section, name], range, 'string')) continue;
      if (semver.validRange(range as string) === null) {
        p.add([section, name], `${JSON.stringify(range)} is not a valid semver range (e.g. ">=1.2.0 <2.0.0")`);
      }
    }
  }
}

function isTableWith(value: unknown, key: string): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, key);
}
