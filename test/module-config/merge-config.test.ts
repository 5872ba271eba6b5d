import test from 'ava';
import { mergeModuleConfig, type ConfigSchema } from '../../src/module-config/merge-config.js';
import { assertValidConfig, configProblems } from '../../src/module-config/validate-config.js';
import { BlvmError } from '../../src/errors.js';

const schema: ConfigSchema = {
  greeting: { type: 'string', default: 'hello' },
  level: { type: 'integer', default: 1 },
  ratio: { type: 'number' },
  endpoint: { type: 'string', required: true },
  note: 'a plain description: any value goes',
};

const merge = (own: Record<string, unknown>, overrides: Record<string, unknown>) =>
  mergeModuleConfig({ own, overrides, schema, databaseBackend: 'sqlite' });

test('node overrides win over the module config, which wins over schema defaults, key by key', (t) => {
  const merged = merge({ level: 2, endpoint: 'a', note: 'module' }, { endpoint: 'b' });
  t.deepEqual(merged.values, { greeting: 'hello', level: 2, endpoint: 'b', note: 'module', database_backend: 'sqlite' });
  t.deepEqual(merged.sources, { greeting: 'default', level: 'module', endpoint: 'node', note: 'module', database_backend: 'inherited' });
});

test('a table given by the node replaces the module table whole (top-level keys merge, not nested ones)', (t) => {
  const merged = merge({ db: { path: 'a', size: 1 }, endpoint: 'x' }, { db: { path: 'b' } });
  t.deepEqual(merged.values.db, { path: 'b' });
});

test('database_backend is inherited from the node only when neither side sets it', (t) => {
  t.like(merge({ database_backend: 'rocksdb', endpoint: 'x' }, {}).sources, { database_backend: 'module' });
  t.like(merge({ endpoint: 'x' }, { database_backend: 'lmdb' }).values, { database_backend: 'lmdb' });
  t.like(merge({ endpoint: 'x' }, {}).values, { database_backend: 'sqlite' });
});

test('a valid config has no problems, integers pass as numbers and described-only keys take anything', (t) => {
  t.deepEqual(configProblems('m', merge({ endpoint: 'x', ratio: 3, note: [1, 2] }, {}), schema), []);
});

test('a wrong type is named with the key, the expected type, the value and where it came from', (t) => {
  const problems = configProblems('m', merge({ endpoint: 'x', level: 'high' }, { ratio: 'half' }), schema);
  t.deepEqual(problems, [
    `level: expected integer ([config_schema]), got "high" (string) from the module's config.toml`,
    `ratio: expected number ([config_schema]), got "half" (string) from [modules.m] of the node config`,
  ]);
});

test('a required key set nowhere is named with where to set it', (t) => {
  t.deepEqual(configProblems('m', merge({}, {}), schema), [`endpoint: required by the module's [config_schema] but not set (set it in [modules.m])`]);
});

test('an invalid config throws one config_invalid error naming every bad key', (t) => {
  const problems = configProblems('m', merge({ level: 1.5 }, {}), schema);
  const error = t.throws(() => assertValidConfig('m', problems), { instanceOf: BlvmError })!;
  t.is((error as BlvmError).code, 'config_invalid');
  t.is(error.message, 'module m: invalid configuration (level, endpoint)');
  t.is((error as BlvmError).details.length, 2);
  t.notThrows(() => assertValidConfig('m', []));
});
