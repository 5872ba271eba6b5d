import test from 'ava';
import type { Manifest } from '../../src/manifest/types.js';
import { checkCapabilityPolicy, holdsCapability } from '../../src/trust/capability-policy.js';
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

const lightning: Manifest = { name: 'lightning-network', version: '1.2.3', entry_point: 'ln', capabilities: ['read_blockchain', 'read_lightning'] };

test('a capability an installed module provides is granted; unknown to everyone it is refused naming who provides what (issue 15)', (t) => {
  t.deepEqual(checkCapabilityPolicy(lightning, makeConfig(), { read_lightning: ['blvm-mesh'] }), { granted: ['read_blockchain', 'read_lightning'], withheld: [], problems: [] });
  t.deepEqual(checkCapabilityPolicy(lightning, makeConfig()).problems, [
    'capability "read_lightning" is unknown: neither the node nor any installed module provides it; no installed module provides any capability; a module provides one by listing it in provides_capabilities',
  ]);
  const typo = { ...lightning, capabilities: ['read_lightnin'] };
  t.deepEqual(checkCapabilityPolicy(typo, makeConfig(), { read_lightning: ['blvm-mesh', 'ln-backup'] }).problems, [
    'capability "read_lightnin" is unknown: neither the node nor any installed module provides it (did you mean "read_lightning"?); installed modules provide read_lightning (blvm-mesh, ln-backup); a module provides one by listing it in provides_capabilities',
  ]);
});

test('node policy lists node capabilities: a module-provided capability passes allowed_capabilities and overrides (issue 15)', (t) => {
  const config = makeConfig({ security: { allowed_capabilities: ['read_blockchain'] }, overrides: { 'lightning-network': { capabilities: ['read_blockchain'], restart: {}, limits: {}, config: {} } } });
  t.deepEqual(checkCapabilityPolicy(lightning, config, { read_lightning: ['blvm-mesh'] }).granted, ['read_blockchain', 'read_lightning']);
});

test('read_blockchain covers every chain read, read_chain_state (tip, height, info) included, but not the other way round (issue 15)', (t) => {
  t.true(holdsCapability(['read_blockchain'], 'read_chain_state'));
  t.true(holdsCapability(['read_blockchain'], 'read_blockchain'));
  t.false(holdsCapability(['read_chain_state'], 'read_blockchain'));
  t.false(holdsCapability(['read_blockchain'], 'read_lightning'));
});
