import test from 'ava';
import type { NodeConfig } from '../../src/config/types.js';
import type { Manifest, ManifestSignature } from '../../src/manifest/types.js';
import { generatePrivateKey, publicKeyOf, signManifest } from '../../src/trust/keys.js';
import { fromHex, secp, toHex } from '../../src/trust/secp.js';
import { verifySignatures } from '../../src/trust/signatures.js';
import { makeConfig } from './fixture.js';

const alice = generatePrivateKey();
const bob = generatePrivateKey();
const carol = generatePrivateKey();
const mallory = generatePrivateKey();
const NOW = new Date('2026-06-01T00:00:00Z');

const base: Manifest = { name: 'hello', version: '1.0.0', entry_point: 'main.js', capabilities: ['read_blockchain'] };

function security(m: number, extra: Partial<NodeConfig['security']> = {}): NodeConfig['security'] {
  return makeConfig({
    security: {
      signature_threshold: { m, n: 3 },
      trusted_maintainers: [
        { name: 'alice', public_key: publicKeyOf(alice) },
        { name: 'bob', public_key: publicKeyOf(bob) },
        { name: 'carol', public_key: publicKeyOf(carol) },
      ],
      ...extra,
    },
  }).security;
}

function signedBy(manifest: Manifest, ...keys: string[]): Manifest {
  return { ...manifest, signatures: keys.map((k) => ({ public_key: publicKeyOf(k), signature: signManifest(manifest, k) })) };
}

test('two distinct trusted maintainers meet a 2-of-3 threshold', (t) => {
  const report = verifySignatures(signedBy(base, alice, bob), security(2), NOW);
  t.true(report.ok);
  t.is(report.required, 2);
  t.deepEqual(report.valid, [
    { name: 'alice', public_key: publicKeyOf(alice) },
    { name: 'bob', public_key: publicKeyOf(bob) },
  ]);
  t.deepEqual(report.rejected, []);
  t.deepEqual(report.problems, []);
});

test('a signature by an untrusted key is rejected even when it names a maintainer', (t) => {
  const manifest = signedBy(base, alice, mallory);
  (manifest.signatures as ManifestSignature[])[1].name = 'bob';
  const report = verifySignatures(manifest, security(2), NOW);
  t.false(report.ok);
  const key = publicKeyOf(mallory);
  t.deepEqual(report.rejected, [{ index: 1, field: 'signatures[1]', public_key: key, reason: `untrusted key ${key.slice(0, 12)}…` }]);
  t.deepEqual(report.problems, ['1 of 2 required signatures valid', `signatures[1]: untrusted key ${key.slice(0, 12)}…`]);
});

test('the same key signing twice counts once, so a 2-of-3 threshold fails', (t) => {
  const report = verifySignatures(signedBy(base, alice, alice), security(2), NOW);
  t.false(report.ok);
  t.is(report.valid.length, 1);
  t.deepEqual(
    report.rejected.map((r) => r.reason),
    ['second signature by alice ignored'],
  );
});

test('malformed signature and public key hex are rejected with their reason', (t) => {
  const manifest: Manifest = {
    ...base,
    signatures: [
      { public_key: publicKeyOf(alice), signature: 'zz'.repeat(64) },
      { public_key: '02abc', signature: signManifest(base, bob) },
    ],
  };
  const report = verifySignatures(manifest, security(1), NOW);
  t.deepEqual(
    report.rejected.map((r) => r.reason),
    ['malformed signature: expected 128 hex characters, got a non-hex string (entry by alice)', 'malformed public key hex (expected 66 hex characters of a compressed key)'],
  );
  t.false(report.ok);
});

test('a signature over different content does not verify and names the maintainer', (t) => {
  const signature = signManifest({ ...base, version: '0.9.0' }, bob);
  const report = verifySignatures({ ...base, signatures: [{ public_key: publicKeyOf(bob), signature }] }, security(1), NOW);
  t.deepEqual(report.rejected.map((r) => r.reason), ['signature does not verify for bob over this module.toml']);
});

test('a high-S signature is rejected even though it is mathematically valid', (t) => {
  const low = secp.Signature.fromBytes(fromHex(signManifest(base, carol)), 'compact');
  const high = toHex(new secp.Signature(low.r, secp.Point.CURVE().n - low.s).toBytes('compact'));
  const report = verifySignatures({ ...base, signatures: [{ public_key: publicKeyOf(carol), signature: high }] }, security(1), NOW);
  t.deepEqual(report.rejected.map((r) => r.reason), ['high-S signature by carol rejected (must be low-S)']);
});

test("the manifest's threshold raises the node floor", (t) => {
  const manifest = { ...base, threshold: '3-of-3' };
  const report = verifySignatures(signedBy(manifest, alice, bob), security(2), NOW);
  t.is(report.required, 3);
  t.false(report.ok);
  t.deepEqual(report.problems, ['2 of 3 required signatures valid']);
});

test("the manifest's threshold never lowers the node floor", (t) => {
  const manifest = { ...base, threshold: '1-of-3' };
  const report = verifySignatures(signedBy(manifest, alice), security(2), NOW);
  t.is(report.required, 2);
  t.false(report.ok);
});

test('an unsigned module is told how many signatures it needs', (t) => {
  const report = verifySignatures(base, security(2), NOW);
  t.deepEqual(report.problems, ['module is unsigned: 2 signature(s) from trusted maintainers required']);
});

test('a threshold above the number of trusted keys says it cannot be met', (t) => {
  const report = verifySignatures(signedBy(base, alice), security(2, { trusted_maintainers: [{ name: 'alice', public_key: publicKeyOf(alice) }] }), NOW);
  t.deepEqual(report.problems, ['1 of 2 required signatures valid', '2 signatures required but only 1 trusted maintainer key(s) configured']);
});

test('an expired manifest fails even with enough signatures', (t) => {
  const manifest = { ...base, expires: '2026-01-01T00:00:00Z' };
  const report = verifySignatures(signedBy(manifest, alice, bob), security(2), NOW);
  t.false(report.ok);
  t.is(report.expired, 'manifest expired at 2026-01-01T00:00:00Z (now 2026-06-01T00:00:00.000Z)');
  t.deepEqual(report.problems, [report.expired!]);
  t.true(verifySignatures(signedBy({ ...base, expires: '2027-01-01T00:00:00+02:00' }, alice, bob), security(2), NOW).ok);
});

const N = secp.Point.CURVE().n;
const hex32 = (value: bigint): string => value.toString(16).padStart(64, '0');

for (const [label, signature, reason] of [
  ['r = 0', hex32(0n) + hex32(1n), 'malformed signature: r is zero'],
  ['r = n', hex32(N) + hex32(1n), 'malformed signature: r is not below the curve order n'],
  ['r = 2^256 - 1', 'f'.repeat(64) + hex32(1n), 'malformed signature: r is not below the curve order n'],
  ['s = 0', hex32(1n) + hex32(0n), 'malformed signature: s is zero'],
  ['s > n', hex32(1n) + hex32(N + 5n), 'malformed signature: s is not below the curve order n'],
  ['a 126-character string', 'ab'.repeat(63), 'malformed signature: expected 128 hex characters, got 126'],
] as const) {
  test(`an extra trusted entry with ${label} is one rejected signature and a valid 2-of-2 still verifies (issue 13)`, (t) => {
    const manifest = signedBy(base, alice, bob);
    (manifest.signatures as ManifestSignature[]).push({ public_key: publicKeyOf(carol), signature });
    const report = verifySignatures(manifest, security(2), NOW);
    t.true(report.ok);
    t.deepEqual(report.valid.map((v) => v.name), ['alice', 'bob']);
    t.deepEqual(report.rejected, [{ index: 2, field: 'signatures[2]', public_key: publicKeyOf(carol), reason: `${reason} (entry by carol)` }]);
    t.deepEqual(report.problems, []);
  });
}

test('a malformed trusted entry that leaves too few valid signatures is named among the problems (issue 13)', (t) => {
  const manifest = signedBy(base, alice);
  (manifest.signatures as ManifestSignature[]).push({ public_key: publicKeyOf(bob), signature: hex32(0n) + hex32(1n) });
  const report = verifySignatures(manifest, security(2), NOW);
  t.false(report.ok);
  t.deepEqual(report.problems, ['1 of 2 required signatures valid', 'signatures[1]: malformed signature: r is zero (entry by bob)']);
});
