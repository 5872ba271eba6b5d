import test from 'ava';
import { BlvmError } from '../../src/errors.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { canonicalJson, canonicalManifestBytes, manifestDigest } from '../../src/trust/canonical.js';
import { publicKeyOf, signManifest } from '../../src/trust/keys.js';

// The worked example of docs/trust.md: these bytes and hashes are quoted there verbatim.
const EXAMPLE = `name = "block-logger"
version = "1.0.0"
entry_point = "main.js"
description = "Logs every new block"
capabilities = ["subscribe_events", "read_blockchain"]

[dependencies]
"blvm-node" = ">=0.1.0"

[binary]
hash = "sha256:68488179cd249b792900664112a4ba1736297c288ddd6dbc861aabdabec01ea1"
size = 42
tree_hash = "sha256:0ff471723273dbfb71023d67f53a5bedc8a06c60e4fee435e6de46e479edeece"
files = { "lib/format.js" = "sha256:fb9db89c6ca8b452e38d70faa21a12a072f65b3f4d632eb92533fb93ff6b3552" }
`;

const EXAMPLE_BYTES =
  'blvm-module-manifest-v1\n' +
  '{"binary":{"files":{"lib/format.js":"sha256:fb9db89c6ca8b452e38d70faa21a12a072f65b3f4d632eb92533fb93ff6b3552"},' +
  '"hash":"sha256:68488179cd249b792900664112a4ba1736297c288ddd6dbc861aabdabec01ea1","size":42,' +
  '"tree_hash":"sha256:0ff471723273dbfb71023d67f53a5bedc8a06c60e4fee435e6de46e479edeece"},' +
  '"capabilities":["subscribe_events","read_blockchain"],"dependencies":{"blvm-node":">=0.1.0"},' +
  '"description":"Logs every new block","entry_point":"main.js","name":"block-logger","version":"1.0.0"}';

const TEST_KEY = '0000000000000000000000000000000000000000000000000000000000000001';

test('the worked example of docs/trust.md serialises to the documented bytes and digest', (t) => {
  const manifest = parseManifest(EXAMPLE, 'module.toml');
  const bytes = canonicalManifestBytes(manifest);
  t.is(bytes.toString('utf8'), EXAMPLE_BYTES);
  t.is(bytes.length, 507);
  t.is(Buffer.from(manifestDigest(manifest)).toString('hex'), 'c5f0723bd771cbf6c00ecd09549a1b01be71621d4fba8cc0e817966ff05e1237');
});

test('the documented test key signs the worked example deterministically', (t) => {
  const manifest = parseManifest(EXAMPLE, 'module.toml');
  t.is(publicKeyOf(TEST_KEY), '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
  t.is(
    signManifest(manifest, TEST_KEY),
    '4f9ed5701514a247580e89648019db74262697900852ee241b8bdf6156ca4c1837f13bc0562890a160fb97b96057e13fc6554b4e9e4977f720cc69b10adf9e10',
  );
});

test('signatures, key order and TOML layout do not change the canonical form', (t) => {
  const reordered = parseManifest(
    `entry_point = "main.js"
[binary]
files = { "lib/format.js" = "sha256:fb9db89c6ca8b452e38d70faa21a12a072f65b3f4d632eb92533fb93ff6b3552" }
tree_hash = "sha256:0ff471723273dbfb71023d67f53a5bedc8a06c60e4fee435e6de46e479edeece"
size = 42
hash = "sha256:68488179cd249b792900664112a4ba1736297c288ddd6dbc861aabdabec01ea1"
[[signatures]]
public_key = "02aa"
signature = "bb"
`.replace(
      'entry_point = "main.js"',
      'version = "1.0.0"\nname = "block-logger"\ncapabilities = [ "subscribe_events",  "read_blockchain" ]\ndescription = \'Logs every new block\'\ndependencies = { "blvm-node" = ">=0.1.0" }\nentry_point = "main.js"   # comment',
    ),
    'module.toml',
  );
  t.is(canonicalManifestBytes(reordered).toString('utf8'), EXAMPLE_BYTES);
});

test('canonical JSON sorts keys recursively, keeps array order and escapes like JSON', (t) => {
  t.is(canonicalJson({ b: [3, { z: 1, a: 'é\n"' }], a: true, c: undefined }), '{"a":true,"b":[3,{"a":"é\\n\\"","z":1}]}');
});

test('values without a canonical form are refused with their path', (t) => {
  const error = t.throws(() => canonicalJson({ payment: { x: Number.NaN } }), { instanceOf: BlvmError });
  t.is(error?.message, '$.payment.x: NaN has no canonical form');
});
