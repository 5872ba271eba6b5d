import test from 'ava';
import { parseConfig } from '../../src/config/index.js';
import { configError, freshKey } from './helpers.js';

test('trusted keys are lowercased and validated', (t) => {
  const alice = freshKey();
  const config = parseConfig(`[security]\ntrusted_maintainers = [ { name = "alice", public_key = "${alice.toUpperCase()}" } ]\nsignature_threshold = "1-of-1"\n`, '/a/blvm.toml');
  t.deepEqual(config.security.trusted_maintainers, [{ name: 'alice', public_key: alice }]);
  const error = configError(`[security]
trusted_maintainers = [
  { name = "a", public_key = "04${'ab'.repeat(32)}" },
  { name = "b", public_key = "02${'0'.repeat(64)}" },
  { name = "", public_key = "${freshKey()}" },
  { name = "d", public_key = "${freshKey()}", role = "x" },
  { name = "e" },
]
`);
  t.deepEqual(error.details, [
    `blvm.toml: [security].trusted_maintainers[0].public_key: expected a compressed secp256k1 public key: 66 hex characters starting with 02 or 03, got "04${'ab'.repeat(32)}"`,
    `blvm.toml: [security].trusted_maintainers[1].public_key: "02${'0'.repeat(64)}" is not a point on the secp256k1 curve`,
    'blvm.toml: [security].trusted_maintainers[2].name: expected a non-empty string, got ""',
    'blvm.toml: [security].trusted_maintainers[3].role: unknown key',
    'blvm.toml: [security].trusted_maintainers[4].public_key: missing',
  ]);
});

test('a duplicate trusted key or name is rejected', (t) => {
  const key = freshKey();
  const error = configError(`[security]
trusted_maintainers = [
  { name = "alice", public_key = "${key}" },
  { name = "bob", public_key = "${key.toUpperCase()}" },
  { name = "alice", public_key = "${freshKey()}" },
]
`);
  t.deepEqual(error.details, [
    'blvm.toml: [security].trusted_maintainers[1].public_key: duplicate key: the same public key is already listed as "alice" (entry [0])',
    'blvm.toml: [security].trusted_maintainers[2].name: duplicate name "alice" (also entry [0])',
  ]);
});

test('the registry trusted keys have the same shape as trusted_maintainers', (t) => {
  const key = freshKey();
  const config = parseConfig(`[registry]\nurl = "https://modules.example.org"\ntrusted_keys = [ { name = "registry", public_key = "${key}" } ]\n`, '/a/blvm.toml');
  t.deepEqual(config.registry.trusted_keys, [{ name: 'registry', public_key: key }]);
  t.deepEqual(configError('[registry]\ntrusted_keys = [ { name = "r", public_key = "nope" } ]\n').details.length, 1);
  t.regex(configError('[registry]\nurl = "ftp://x"\n').details[0], /\[registry\]\.url: expected an http\(s\) URL/);
});

test('a threshold that no listed set of keys can meet is rejected', (t) => {
  const error = configError(`[security]\ntrusted_maintainers = [ { name = "alice", public_key = "${freshKey()}" } ]\n`);
  t.deepEqual(error.details, [
    'blvm.toml: [security].signature_threshold: requires 2 signatures but trusted_maintainers lists only 1 key(s), so nothing could ever verify',
  ]);
  t.notThrows(() => parseConfig(`[security]\nrequire_signatures = false\ntrusted_maintainers = [ { name = "alice", public_key = "${freshKey()}" } ]\n`, '/a/blvm.toml'));
});
