// Throwaway keys, signed probe modules and node configs for registry tests.
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';
import { parseConfig } from '../../../src/config/load-config.js';
import type { NodeConfig } from '../../../src/config/types.js';
import { generatePrivateKey, publicKeyOf } from '../../../src/trust/keys.js';
import { signModule } from '../../../src/trust/sign-module.js';

export const PROBE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'modules', 'probe.mjs');

export interface KeyPair {
  name: string;
  file: string;
  priv: string;
  pub: string;
}

export interface Keys {
  alice: KeyPair;
  bob: KeyPair;
  registry: KeyPair;
  stranger: KeyPair;
}

export async function tempDir(t: ExecutionContext, prefix = 'blvm-registry-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function makeKey(dir: string, name: string): Promise<KeyPair> {
  const priv = generatePrivateKey();
  const file = join(dir, `${name}.key`);
  await writeFile(file, priv + '\n', { mode: 0o600 });
  return { name, file, priv, pub: publicKeyOf(priv) };
}

/** Two maintainers, one registry key and a key nobody trusts. */
export async function makeKeys(t: ExecutionContext): Promise<Keys> {
  const dir = await tempDir(t, 'blvm-registry-keys-');
  const [alice, bob, registry, stranger] = await Promise.all(['alice', 'bob', 'registry', 'stranger'].map((n) => makeKey(dir, n)));
  return { alice, bob, registry, stranger };
}

export interface ModuleSpec {
  name: string;
  version?: string;
  requires?: Record<string, string>;
  /** Content of a config.toml left in the module directory (local: never published). */
  configToml?: string;
  /** Source of main.js instead of the probe. */
  main?: string;
  description?: string;
  /** Maintainers who sign (default: none, so the caller decides). */
  signers?: KeyPair[];
}

/** A runnable probe module directory `<root>/<name>-<version>`, hashed and signed. */
export async function buildModule(root: string, spec: ModuleSpec): Promise<string> {
  const version = spec.version ?? '1.0.0';
  const dir = join(root, `${spec.name}-${version}`);
  await mkdir(join(dir, 'lib'), { recursive: true });
  const deps = spec.requires ? `\n[dependencies]\n${Object.entries(spec.requires).map(([k, v]) => `${k} = "${v}"`).join('\n')}\n` : '';
  await writeFile(
    join(dir, 'module.toml'),
    `name = "${spec.name}"\nversion = "${version}"\nentry_point = "main.js"\ndescription = "${spec.description ?? 'registry test probe'}"\nauthor = "blvm tests"\ncapabilities = []\n${deps}`,
  );
  await writeFile(join(dir, 'main.js'), `#!/usr/bin/env node\n${spec.main ?? `import ${JSON.stringify(PROBE)};`}\n`);
  await chmod(join(dir, 'main.js'), 0o755);
  await writeFile(join(dir, 'lib', 'notes.txt'), `${spec.name} ${version}\n`);
  if (spec.configToml !== undefined) await writeFile(join(dir, 'config.toml'), spec.configToml);
  for (const signer of spec.signers ?? []) await signModule(dir, signer.priv, { name: signer.name });
  return dir;
}

export function securityToml(keys: Keys): string {
  return [
    '[security]',
    'require_signatures = true',
    'signature_threshold = "2-of-2"',
    `trusted_maintainers = [ { name = "alice", public_key = "${keys.alice.pub}" }, { name = "bob", public_key = "${keys.bob.pub}" } ]`,
    '',
  ].join('\n');
}

export function registryToml(keys: Keys, url: string, extra = ''): string {
  return `[registry]\nurl = "${url}"\ntrusted_keys = [ { name = "registry", public_key = "${keys.registry.pub}" } ]\nthreshold = "1-of-1"\n${extra}`;
}

export interface NodeDirs {
  root: string;
  modulesDir: string;
  config: NodeConfig;
}

/** A node directory (modules/, data/) with a parsed config; no daemon. */
export async function nodeDirs(t: ExecutionContext, keys: Keys, url: string, extra = ''): Promise<NodeDirs> {
  const root = await tempDir(t, 'blvm-registry-node-');
  const file = join(root, 'blvm.toml');
  const text = `[node]\ndata_dir = "data"\n\n[modules]\nmodules_dir = "modules"\n\n${securityToml(keys)}\n${registryToml(keys, url, extra)}`;
  await writeFile(file, text);
  await mkdir(join(root, 'modules'));
  return { root, modulesDir: join(root, 'modules'), config: parseConfig(text, file) };
}

/** Entries of the node root and modules dir, to show nothing was left behind. */
export async function snapshotDirs(dirs: NodeDirs): Promise<{ root: string[]; modules: string[] }> {
  const root = (await readdir(dirs.root)).filter((name) => name !== 'data').sort();
  const modules = (await readdir(dirs.modulesDir)).sort();
  return { root, modules };
}
