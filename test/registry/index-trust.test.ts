import test from 'ava';
import type { NodeConfig } from '../../src/config/types.js';
import { checkIndexTrust } from '../../src/registry/fetch-index.js';
import { parseIndex } from '../../src/registry/index-parse.js';
import { signIndex, verifyIndexSignatures } from '../../src/registry/index-signature.js';
import type { RegistryIndex, SignedIndex } from '../../src/registry/index-types.js';
import { rollbackProblem } from '../../src/registry/seen-state.js';
import { generatePrivateKey, publicKeyOf } from '../../src/trust/keys.js';

const a = generatePrivateKey();
const b = generatePrivateKey();
const stranger = generatePrivateKey();

function registry(threshold: number, keys = [a, b]): NodeConfig['registry'] {
  return { url: 'http://127.0.0.1:1/', trusted_keys: keys.map((k, i) => ({ name: `reg${i}`, public_key: publicKeyOf(k) })), threshold: { m: threshold, n: keys.length }, cache_size: 0, deadline: 60_000, metadata_max_age: 300_000 };
}

function signed(version = 3, expires = '2999-01-01T00:00:00.000Z'): SignedIndex {
  return { version, expires, modules: {} };
}

const indexOf = (s: SignedIndex, keys: string[]): RegistryIndex => ({ format: 1, signed: s, signatures: keys.map((k) => signIndex(s, k)) });

test('registry signatures count once per distinct trusted key against the threshold', (t) => {
  const s = signed();
  t.deepEqual(verifyIndexSignatures(indexOf(s, [a, b]), registry(2)).valid, ['reg0', 'reg1']);
  const twice = verifyIndexSignatures(indexOf(s, [a, a]), registry(2));
  t.false(twice.ok);
  t.deepEqual(twice.rejected, ['signatures[1]: second signature by reg0 ignored']);
  const untrusted = verifyIndexSignatures(indexOf(s, [stranger]), registry(1));
  t.false(untrusted.ok);
  t.regex(untrusted.rejected[0], /^signatures\[0\]: untrusted key 0[23][0-9a-f]{10}… \(not in \[registry\] trusted_keys\)$/);
});

test('a changed index no longer verifies, and the error names the registry key', (t) => {
  const index = indexOf(signed(), [a]);
  index.signed.version = 4;
  const error = t.throws(() => checkIndexTrust(index, 'http://x/index.json', { registry: registry(1, [a]) } as NodeConfig, new Date()));
  t.regex(error!.message, /^registry index http:\/\/x\/index\.json: 0 of 1 required registry signatures valid: signatures\[0\]: signature by reg0 does not verify \(the index was changed after signing\)$/);
});

test('an expired index is refused with its expiry and the current time', (t) => {
  const index = indexOf(signed(3, '2020-01-01T00:00:00.000Z'), [a]);
  const error = t.throws(() => checkIndexTrust(index, 'http://x/index.json', { registry: registry(1, [a]) } as NodeConfig, new Date('2021-05-05T00:00:00Z')));
  t.is(error!.message, 'registry index http://x/index.json expired at 2020-01-01T00:00:00.000Z (now 2021-05-05T00:00:00.000Z); the registry must publish a freshly signed index');
});

test('an index older than the last one seen, or the same version with other content, is refused', (t) => {
  const seen = { version: 5, digest: 'aa', seen_at: '2025-01-01T00:00:00.000Z' };
  t.is(rollbackProblem(undefined, 1, 'bb'), undefined);
  t.is(rollbackProblem(seen, 6, 'bb'), undefined);
  t.is(rollbackProblem(seen, 5, 'aa'), undefined);
  t.regex(rollbackProblem(seen, 4, 'cc') ?? '', /^index version 4 is older than version 5 seen at 2025-01-01T00:00:00\.000Z \(rollback refused\)$/);
  t.regex(rollbackProblem(seen, 5, 'cc') ?? '', /same version, different content/);
});

test('index structure is checked strictly; a malformed entry is set aside by name, never used', (t) => {
  const good = indexOf(signed(), [a]);
  t.notThrows(() => parseIndex(JSON.stringify(good), 'idx'));
  t.throws(() => parseIndex('{"format":1', 'idx'), { message: /^registry index idx is not valid JSON/ });
  t.throws(() => parseIndex(JSON.stringify({ ...good, signed: { ...good.signed, modules: [] } }), 'idx'), { message: /signed\.modules: expected an object$/ });
  const entry = { manifest: { name: 'm', version: '1.0.0', entry_point: 'main.js' }, artifact: '../../etc/passwd', sha256: 'a'.repeat(64), size: 1, published: 'x' };
  const bad = { ...good, signed: { ...good.signed, modules: { m: { versions: { '1.0.0': entry } } } } };
  const parsed = parseIndex(JSON.stringify(bad), 'idx');
  t.deepEqual(parsed.signed.modules.m.versions, {});
  t.deepEqual(parsed.skipped, ['registry index idx: signed.modules.m.versions.1.0.0.artifact: "../../etc/passwd" has a "." or ".." segment or a hidden name (entry skipped)']);
  const renamed = { ...bad, signed: { ...bad.signed, modules: { other: { versions: { '1.0.0': { ...entry, artifact: 'modules/m.tar.gz' } } } } } };
  t.regex(parseIndex(JSON.stringify(renamed), 'idx').skipped[0], /manifest\.name: "m" differs from the module name "other" \(entry skipped\)$/);
});

test('a signed index with a lenient version entry stays usable: that entry is skipped with a warning, the rest resolves (issue 13)', (t) => {
  const ok = { manifest: { name: 'm', version: '1.0.0', entry_point: 'main.js' }, artifact: 'modules/m/m-1.0.0.tar.gz', sha256: 'a'.repeat(64), size: 1, published: 'x' };
  const lenient = { ...ok, manifest: { ...ok.manifest, version: 'v0.3.0' }, artifact: 'modules/m/m-v0.3.0.tar.gz' };
  const spaced = { ...ok, manifest: { ...ok.manifest, version: ' 0.1.0 ' } };
  const s: SignedIndex = { ...signed(), modules: { m: { versions: { '1.0.0': ok, 'v0.3.0': lenient, ' 0.1.0 ': spaced } } } } as unknown as SignedIndex;
  const parsed = parseIndex(JSON.stringify(indexOf(s, [a])), 'idx');
  t.deepEqual(Object.keys(parsed.signed.modules.m.versions), ['1.0.0']);
  t.deepEqual(parsed.skipped, [
    'registry index idx: signed.modules.m.versions."v0.3.0": "v0.3.0" is not a strict semantic version: write "0.3.0" (entry skipped)',
    'registry index idx: signed.modules.m.versions." 0.1.0 ": " 0.1.0 " is not a strict semantic version: write "0.1.0" (entry skipped)',
  ]);
  t.deepEqual(checkIndexTrust(parsed, 'idx', { registry: registry(1, [a]) } as NodeConfig, new Date()), ['reg0'], 'the signature covers the index as received');
});

test('an index node_payment_code must be a valid BIP47 payment code (issue 18)', (t) => {
  const good = indexOf(signed(), [a]);
  const withCode = (code: unknown) => JSON.stringify({ ...good, signed: { ...good.signed, node_payment_code: code } });
  const code = 'PM8TJTLJbPRGxSbc8EJi42Wrr6QbNSaSSVJ5Y3E4pbCYiTHUskHg13935Ubb7q8tx9GVbh2UuRnBc3WSyJHhUrw8KhprKnn9eDznYGieTzFcwQRya4GA';
  t.is(parseIndex(withCode(code), 'idx').signed.node_payment_code, code);
  t.throws(() => parseIndex(withCode('PM8Tnope'), 'idx'), { message: /signed\.node_payment_code: invalid BIP47 payment code: not base58check/ });
  t.throws(() => parseIndex(withCode(7), 'idx'), { message: /signed\.node_payment_code: expected a string \(a BIP47 payment code\)$/ });
});
