import test from 'ava';
import { BlvmError } from '../../src/errors.js';
import { parseManifest } from '../../src/manifest/parse.js';

function problemsOf(text: string): string[] {
  try {
    parseManifest(text, 'module.toml');
  } catch (error) {
    if (error instanceof BlvmError && error.code === 'manifest_invalid') return error.details;
    throw error;
  }
  throw new Error('expected the manifest to be rejected');
}

test('a complete manifest parses into a typed object holding exactly what the file says', (t) => {
  const manifest = parseManifest(
    [
      'name = "block-logger"',
      'version = "1.2.3"',
      'entry_point = "bin/run"',
      'author = "blvm"',
      'capabilities = ["read_blockchain"]',
      'threshold = "2-of-3"',
      'expires = "2030-01-01T00:00:00Z"',
      '[dependencies]',
      '"blvm-node" = ">=0.1.0"',
      'indexer = "^1.0.0"',
      '[optional_dependencies]',
      'metrics = "~2.1"',
      '[config_schema]',
      'path = "where to write"',
      'interval = { type = "integer", default = 5, required = true, description = "seconds" }',
      '[payment]',
      'lightning = { address = "lnurl1..." }',
    ].join('\n'),
    'module.toml',
  );
  t.deepEqual(manifest, {
    name: 'block-logger',
    version: '1.2.3',
    entry_point: 'bin/run',
    author: 'blvm',
    capabilities: ['read_blockchain'],
    threshold: '2-of-3',
    expires: '2030-01-01T00:00:00Z',
    dependencies: { 'blvm-node': '>=0.1.0', indexer: '^1.0.0' },
    optional_dependencies: { metrics: '~2.1' },
    config_schema: { path: 'where to write', interval: { type: 'integer', default: 5, required: true, description: 'seconds' } },
    payment: { lightning: { address: 'lnurl1...' } },
  });
});

test('malformed TOML is reported with its line and column', (t) => {
  const problems = problemsOf('name = "x"\nversion = "1.0.0"\nentry_point = main.js\n');
  t.is(problems.length, 1);
  t.regex(problems[0], /^module\.toml:3:15: invalid TOML: /);
});

test('a redefined key is reported as invalid TOML with its line', (t) => {
  const problems = problemsOf('name = "x"\nname = "y"\n');
  t.regex(problems[0], /^module\.toml:2:1: invalid TOML: Cannot redefine existing key 'name'/);
});

test('missing required fields are all reported together', (t) => {
  const error = t.throws(() => parseManifest('description = "nothing else"\n', 'module.toml'), { instanceOf: BlvmError });
  t.is(error?.message, 'module.toml: 3 problems');
  t.deepEqual(error?.details, [
    'module.toml: name: required field is missing',
    'module.toml: version: required field is missing',
    'module.toml: entry_point: required field is missing',
  ]);
});

test('wrong types name the field, its line and both types', (t) => {
  const problems = problemsOf(
    ['name = "x"', 'version = 1', 'entry_point = "main.js"', 'capabilities = "read_blockchain"', 'description = ["a"]', 'expires = 2030-01-01T00:00:00Z'].join('\n'),
  );
  t.deepEqual(problems, [
    'module.toml:2: version: expected a string, got an integer',
    'module.toml:4: capabilities: expected an array, got a string',
    'module.toml:5: description: expected a string, got an array',
    'module.toml:6: expires: expected a string, got a TOML date-time: write it in quotes',
  ]);
});

test('a capability the node does not know parses (a module may provide it); a malformed or repeated name is reported at its line', (t) => {
  const head = ['name = "x"', 'version = "1.0.0"', 'entry_point = "main.js"'];
  t.deepEqual(parseManifest([...head, 'capabilities = ["read_blockchain", "read_lightning"]'].join('\n'), 'module.toml').capabilities, ['read_blockchain', 'read_lightning']);
  const problems = problemsOf([...head, 'capabilities = [', '  "Read-Lightning",', '  "read_blockchain",', '  "read_blockchain",', ']'].join('\n'));
  t.deepEqual(problems, [
    'module.toml:5: capabilities[0]: "Read-Lightning" is not a capability name (lowercase words joined by "_", at most 64 characters)',
    'module.toml:7: capabilities[2]: duplicate capability "read_blockchain"',
  ]);
});

test('provides_capabilities names capabilities of the module itself, never one of the node (issue 15)', (t) => {
  const head = ['name = "x"', 'version = "1.0.0"', 'entry_point = "main.js"'];
  t.deepEqual(parseManifest([...head, 'provides_capabilities = ["read_lightning"]'].join('\n'), 'module.toml').provides_capabilities, ['read_lightning']);
  t.deepEqual(problemsOf([...head, 'provides_capabilities = ["read_lightning", "read_blockchain"]'].join('\n')), [
    'module.toml:4: provides_capabilities[1]: "read_blockchain" is a capability of the node itself; a module can only provide capabilities of its own',
  ]);
});

test('an unknown top-level field is an error with a suggestion', (t) => {
  const problems = problemsOf('name = "x"\nversion = "1.0.0"\nentry_point = "main.js"\ncapabilites = []\n');
  t.deepEqual(problems, ['module.toml:4: capabilites: unknown field (did you mean "capabilities"?)']);
});

test('invalid name, version, threshold and expiry values are each explained', (t) => {
  const problems = problemsOf(['name = "Hello_World"', 'version = "1.0"', 'entry_point = "main.js"', 'threshold = "3-of-2"', 'expires = "next tuesday"'].join('\n'));
  t.is(problems.length, 4);
  t.regex(problems[0], /^module\.toml:1: name: "Hello_World" is not a valid module name/);
  t.is(problems[1], 'module.toml:2: version: "1.0" is not a valid semantic version (e.g. "1.2.3")');
  t.is(problems[2], 'module.toml:4: threshold: "3-of-2" is not a threshold of the form "M-of-N" with 1 <= M <= N');
  t.is(problems[3], 'module.toml:5: expires: "next tuesday" is not an RFC 3339 date-time (e.g. "2026-01-31T00:00:00Z")');
});

test('an absolute entry point is refused by the schema', (t) => {
  const problems = problemsOf('name = "x"\nversion = "1.0.0"\nentry_point = "/bin/sh"\n');
  t.deepEqual(problems, ['module.toml:3: entry_point: "/bin/sh" must be a relative path inside the module directory']);
});

test('dependency names and ranges are validated with semver', (t) => {
  const problems = problemsOf(
    ['name = "x"', 'version = "1.0.0"', 'entry_point = "main.js"', '[dependencies]', 'indexer = "not a range!"', 'x = "*"', '[optional_dependencies]', 'indexer = "1.x"'].join('\n'),
  );
  t.deepEqual(problems, [
    'module.toml:5: dependencies.indexer: "not a range!" is not a valid semver range (e.g. ">=1.2.0 <2.0.0")',
    'module.toml:6: dependencies.x: a module cannot depend on itself',
    'module.toml:8: optional_dependencies.indexer: is also listed in [dependencies]',
  ]);
});

test('config_schema defaults must match their declared type', (t) => {
  const problems = problemsOf(
    [
      'name = "x"',
      'version = "1.0.0"',
      'entry_point = "main.js"',
      '[config_schema]',
      'port = { type = "integer", default = "8080" }',
      'ratio = { type = "number", default = 0.5 }',
      'mode = { type = "strng" }',
      'flag = { type = "boolean", requried = true }',
      'list = 3',
    ].join('\n'),
  );
  t.deepEqual(problems, [
    'module.toml:5: config_schema.port.default: default does not match type "integer" (got string)',
    'module.toml:7: config_schema.mode.type: unknown type "strng" (one of string, integer, number, boolean, array, table) (did you mean "string"?)',
    'module.toml:8: config_schema.flag.requried: unknown field (did you mean "required"?)',
    'module.toml:9: config_schema.list: expected a description string or a table { type = ..., default = ... }, got integer',
  ]);
});

test('[binary] needs well-formed hashes, a size and the file listing', (t) => {
  const problems = problemsOf(
    ['name = "x"', 'version = "1.0.0"', 'entry_point = "main.js"', '[binary]', 'hash = "sha256:ABC"', 'size = -1', 'files = { "./lib/a.js" = "sha256:00" }'].join('\n'),
  );
  t.deepEqual(problems, [
    'module.toml:4: binary.tree_hash: required with binary.files (give both, or neither when the entry point is the only file; run `blvm module sign`)',
    'module.toml:5: binary.hash: "sha256:ABC": expected "sha256:" followed by 64 lowercase hex digits',
    'module.toml:6: binary.size: -1 must not be negative',
    'module.toml:7: binary.files."./lib/a.js": is not a normalised relative path (no "./", "//" or trailing "/")',
    'module.toml:7: binary.files."./lib/a.js": expected "sha256:" followed by 64 lowercase hex digits, got "sha256:00"',
  ]);
});

test('signature entries must be tables with a public_key and a signature', (t) => {
  const problems = problemsOf(
    ['name = "x"', 'version = "1.0.0"', 'entry_point = "main.js"', '[[signatures]]', 'public_key = "02ab"', '[[signatures]]', 'public_key = 2', 'signature = "00"', 'nmae = "bob"'].join('\n'),
  );
  t.deepEqual(problems, [
    'module.toml:4: signatures[0].signature: required field is missing',
    'module.toml:7: signatures[1].public_key: expected a string, got an integer',
    'module.toml:9: signatures[1].nmae: unknown field (did you mean "name"?)',
  ]);
});

test('payment is kept as written but may not hold values without a canonical form', (t) => {
  const ok = parseManifest('name = "x"\nversion = "1.0.0"\nentry_point = "main.js"\n[payment]\nprice = 1.5\nto = ["a", "b"]\n', 'module.toml');
  t.deepEqual(ok.payment, { price: 1.5, to: ['a', 'b'] });
  const problems = problemsOf('name = "x"\nversion = "1.0.0"\nentry_point = "main.js"\n[payment]\nwhen = 2030-01-01T00:00:00Z\nx = inf\n');
  t.deepEqual(problems, [
    'module.toml:5: payment.when: TOML date-time values are not allowed in a manifest: write it as a quoted string',
    'module.toml:6: payment.x: Infinity is not allowed in a manifest: only finite numbers',
  ]);
});

const HEX = (c: string) => c.repeat(64);

test('the reference form parses: a [signatures] table with threshold and maintainers, [binary] with only hash and size (issue 15)', (t) => {
  const text = [
    'name = "lightning-network"',
    'version = "1.2.3"',
    'entry_point = "lightning-network"',
    'capabilities = ["read_blockchain", "subscribe_events", "read_lightning"]',
    '[dependencies]',
    '"blvm-node" = ">=0.1.0"',
    '[optional_dependencies]',
    '"blvm-mesh" = ">=0.5.0"',
    '[config_schema]',
    'network = "Network: mainnet, testnet, regtest (default: mainnet)"',
    '[binary]',
    `hash = "sha256:${HEX('a')}"`,
    'size = 1234567',
    '[signatures]',
    'threshold = "2-of-3"',
    'maintainers = [',
    `    { name = "alice", public_key = "02${HEX('b')}", signature = "${HEX('c')}" },`,
    ']',
  ].join('\n');
  const manifest = parseManifest(text, 'module.toml');
  t.deepEqual(manifest.binary, { hash: `sha256:${HEX('a')}`, size: 1234567 });
  t.deepEqual(manifest.signatures, { threshold: '2-of-3', maintainers: [{ name: 'alice', public_key: `02${HEX('b')}`, signature: HEX('c') }] });
});

test('a reference [signatures] table is checked field by field, and the threshold may be given only once (issue 15)', (t) => {
  const problems = problemsOf(
    [
      'name = "x"',
      'version = "1.0.0"',
      'entry_point = "main.js"',
      'threshold = "1-of-1"',
      '[signatures]',
      'threshold = "3-of-2"',
      'maintaners = []',
    ].join('\n'),
  );
  t.deepEqual(problems, [
    'module.toml:4: threshold: the threshold is given twice (here and in [signatures]): keep only signatures.threshold',
    'module.toml:5: signatures.maintainers: required field is missing (an array of {name, public_key, signature})',
    'module.toml:6: signatures.threshold: "3-of-2" is not a threshold of the form "M-of-N" with 1 <= M <= N',
    'module.toml:7: signatures.maintaners: unknown field (did you mean "maintainers"?)',
  ]);
  t.deepEqual(problemsOf(['name = "x"', 'version = "1.0.0"', 'entry_point = "main.js"', '[signatures]', 'maintainers = [{ public_key = "02" }]'].join('\n')), [
    'module.toml:5: signatures.maintainers[0].signature: required field is missing',
  ]);
});
