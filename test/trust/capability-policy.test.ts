import test from 'ava';
import type { Manifest } from '../../src/manifest/types.js';
import { checkCapabilityPolicy } from '../../src/trust/capability-policy.js';
import { makeConfig } from './fixture.js';

const manifest: Manifest = { name: 'hello', version: '1.0.0', entry_point: 'main.js', capabilities: ['read_blockchain', 'network_access'] };
const override = (capabilities?: string[]) => ({ hello: { capabilities, restart: {}, limits: {}, config: {} } });

test('an empty allowed_capabilities grants everything the manifest requests', (t) => {
  t.deepEqual(checkCapabilityPolicy(manifest, makeConfig()), { granted: ['read_blockchain', 'network_access'], withheld: [], problems: [] });
});

test('a requested capability outside allowed_capabilities is a problem', (t) => {
  const report = checkCapabilityPolicy(manifest, makeConfig({ security: { allowed_capabilities: ['read_blockchain', 'subscribe_events'] } }));
  t.deepEqual(report.granted, ['read_blockchain']);
  t.deepEqual(report.problems, ['capability "network_access" is not allowed by [security].allowed_capabilities']);
});

test('a per-module override narrows what is granted without granting more', (t) => {
  const report = checkCapabilityPolicy(manifest, makeConfig({ overrides: override(['read_blockchain', 'send_transactions']) }));
  t.deepEqual(report, { granted: ['read_blockchain'], withheld: ['network_access'], problems: [] });
});

test('an override without a capabilities list leaves the grant unchanged', (t) => {
  t.deepEqual(checkCapabilityPolicy(manifest, makeConfig({ overrides: override(undefined) })).granted, ['read_blockchain', 'network_access']);
});

test('a manifest without capabilities is granted none', (t) => {
  const { capabilities: _unused, ...bare } = manifest;
  t.deepEqual(checkCapabilityPolicy(bare, makeConfig()), { granted: [], withheld: [], problems: [] });
});
