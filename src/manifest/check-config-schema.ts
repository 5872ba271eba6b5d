// [config_schema]: each key is a description string or a typed field definition.
import { checkPlainValue } from './check-values.js';
import { isTable, kindOf, type Problems } from './problems.js';
import { didYouMean } from './suggest.js';
import { CONFIG_VALUE_TYPES, type ConfigValueType } from './types.js';

const ENTRY_FIELDS = ['type', 'default', 'required', 'description'];

/** Whether a value has the given config_schema type. */
export function matchesConfigType(value: unknown, type: ConfigValueType): boolean {
  const kind = kindOf(value);
  if (type === 'number') return kind === 'integer' || kind === 'float';
  return kind === type;
}

export function checkConfigSchema(raw: Record<string, unknown>, p: Problems): void {
  const schema = raw.config_schema;
  if (schema === undefined || !p.expect(['config_schema'], schema, 'table')) return;
  for (const [key, entry] of Object.entries(schema as Record<string, unknown>)) {
    const path = ['config_schema', key];
    if (typeof entry === 'string') continue;
    if (!isTable(entry)) {
      p.add(path, `expected a description string or a table { type = ..., default = ... }, got ${kindOf(entry)}`);
      continue;
    }
    for (const field of Object.keys(entry)) {
      if (!ENTRY_FIELDS.includes(field)) p.add([...path, field], `unknown field${didYouMean(field, ENTRY_FIELDS)}`);
    }
    if (entry.required !== undefined) p.expect([...path, 'required'], entry.required, 'boolean');
    if (entry.description !== undefined) p.expect([...path, 'description'], entry.description, 'string');
    if (entry.type === undefined) {
      p.add([...path, 'type'], `required field is missing (one of ${CONFIG_VALUE_TYPES.join(', ')})`);
      continue;
    }
    if (!p.expect([...path, 'type'], entry.type, 'string')) continue;
    const type = entry.type as string;
    if (!(CONFIG_VALUE_TYPES as readonly string[]).includes(type)) {
      p.add([...path, 'type'], `unknown type ${JSON.stringify(type)} (one of ${CONFIG_VALUE_TYPES.join(', ')})${didYouMean(type, CONFIG_VALUE_TYPES)}`);
      continue;
    }
    if (entry.default === undefined) continue;
    if (!matchesConfigType(entry.default, type as ConfigValueType)) {
      p.add([...path, 'default'], `default does not match type "${type}" (got ${kindOf(entry.default)})`);
    } else {
      checkPlainValue([...path, 'default'], entry.default, p);
    }
  }
}
