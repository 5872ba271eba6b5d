import test from 'ava';
import { BlvmError } from '../../src/errors.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { appendSignedSections, stripSignedSections, tomlString } from '../../src/manifest/rewrite.js';

const HASH = `sha256:${'a'.repeat(64)}`;
const binary = { hash: HASH, size: 3, tree_hash: HASH, files: { 'lib/a b.js': HASH } };

test('strip removes [binary] and [[signatures]] blocks and keeps everything else byte for byte', (t) => {
  const text = [
    '# my module',
    'name = "x"   # the name',
    'version = "1.0.0"',
    'entry_point = "main.js"',
    '',
    '[binary]',
    'hash = "old"',
    '',
    '# settings of the module',
    '[config_schema]',
    'a = "first key"',
    '',
    '[[signatures]]',
    'public_key = "02"',
    'signature = "00"',
    '',
  ].join('\n');
  t.is(stripSignedSections(text, 'module.toml'), ['# my module', 'name = "x"   # the name', 'version = "1.0.0"', 'entry_point = "main.js"', '', '', '# settings of the module', '[config_schema]', 'a = "first key"', ''].join('\n'));
});

test('append writes a [binary] table and signature entries that parse back', (t) => {
  const text = appendSignedSections('name = "x"\nversion = "1.0.0"\nentry_point = "main.js"\n\n\n', binary, [
    { name: 'alice', public_key: '02ab', signature: 'cd' },
    { public_key: '03ef', signature: '01' },
  ]);
  t.is(
    text,
    [
      'name = "x"',
      'version = "1.0.0"',
      'entry_point = "main.js"',
      '',
      '[binary]',
      `hash = "${HASH}"`,
      'size = 3',
      `tree_hash = "${HASH}"`,
      `files = { "lib/a b.js" = "${HASH}" }`,
      '',
      '[[signatures]]',
      'name = "alice"',
      'public_key = "02ab"',
      'signature = "cd"',
      '',
      '[[signatures]]',
      'public_key = "03ef"',
      'signature = "01"',
      '',
    ].join('\n'),
  );
  t.deepEqual(parseManifest(text, 'module.toml').binary, binary);
});

test('strip also removes [binary.files] sub-tables written by hand', (t) => {
  const text = 'name = "x"\n[binary]\nhash = "h"\n[binary.files]\n"a.js" = "h"\n[payment]\nto = "me"\n';
  t.is(stripSignedSections(text, 'module.toml'), 'name = "x"\n[payment]\nto = "me"\n');
});

test('a manifest whose [binary] is written inline cannot be rewritten and says why', (t) => {
  const error = t.throws(() => stripSignedSections('name = "x"\nbinary = { hash = "x" }\n', 'module.toml'), { instanceOf: BlvmError });
  t.is(error?.message, 'module.toml:2: binary is written inline; write it as a [binary] table or [[signatures]] entries so it can be rewritten');
});

test('TOML strings escape quotes, backslashes and control characters', (t) => {
  t.is(tomlString('a"b\\c\n\u007f'), '"a\\"b\\\\c\\n\\u007F"');
});
