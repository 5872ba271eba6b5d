import test from 'ava';
import { TomlLayout } from '../../src/manifest/toml-layout.js';

const TEXT = [
  'name = "x"            # 1',
  'description = """',
  'a = "not a key"',
  '"""',
  'capabilities = [',
  '  "a", # comment',
  '  "b",',
  ']',
  '[binary]',
  'files = {',
  '  "lib/a.js" = "h",',
  '}',
  '[[signatures]]',
  'name = "one"',
  '[[signatures]]',
  "name = 'two'",
  '[config_schema.port]',
  'type = "integer"',
].join('\n');

test('keys, array elements, inline tables and table arrays get their lines', (t) => {
  const layout = new TomlLayout(TEXT);
  t.is(layout.lineOf(['name']), 1);
  t.is(layout.lineOf(['description']), 2);
  t.is(layout.lineOf(['a']), undefined);
  t.is(layout.lineOf(['capabilities', 1]), 7);
  t.is(layout.lineOf(['binary', 'files', 'lib/a.js']), 11);
  t.is(layout.lineOf(['signatures', 0, 'name']), 14);
  t.is(layout.lineOf(['signatures', 1, 'name']), 16);
  t.is(layout.lineOf(['config_schema', 'port', 'type']), 18);
});

test('an unrecorded path falls back to the line of its closest ancestor', (t) => {
  const layout = new TomlLayout(TEXT);
  t.is(layout.lineOf(['binary', 'size']), 9);
  t.is(layout.lineOf(['signatures', 1, 'public_key']), 15);
});

test('table headers and root assignments are listed for text edits', (t) => {
  const layout = new TomlLayout(TEXT);
  t.deepEqual(
    layout.headers.map((h) => [h.line, h.key.join('.'), h.arrayOfTables]),
    [
      [9, 'binary', false],
      [13, 'signatures', true],
      [15, 'signatures', true],
      [17, 'config_schema.port', false],
    ],
  );
  t.deepEqual(
    layout.assignments.filter((a) => a.table.length === 0).map((a) => a.key.join('.')),
    ['name', 'description', 'capabilities'],
  );
});
