// Shared helpers for manifest and trust tests: temp module directories and node configs.
import { defaultConfig } from '../../src/config/index.js';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ExecutionContext } from 'ava';
import type { NodeConfig, TrustedKey } from '../../src/config/types.js';
import { appendSignedSections, stripSignedSections } from '../../src/manifest/rewrite.js';
import { computeBinarySection } from '../../src/trust/binary.js';

export async function tempDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'blvm-trust-test-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export const MAIN_JS = '#!/usr/bin/env node\nconsole.log("hello from a module");\n';

export const BASIC_MANIFEST = [
  'name = "hello"',
  'version = "1.0.0"',
  'entry_point = "main.js"',
  'description = "says hello"',
  'capabilities = ["read_blockchain", "subscribe_events"]',
  '',
].join('\n');

export interface ModuleSpec {
  manifest?: string;
  /** Extra files (relative path → content); main.js (0755) is always written unless given. */
  files?: Record<string, string>;
}

/** A module directory `<temp>/hello` with main.js (mode 0755) and module.toml. */
export async function makeModule(t: ExecutionContext, spec: ModuleSpec = {}): Promise<string> {
  const root = await tempDir(t);
  const dir = join(root, 'hello');
  await mkdir(dir);
  const files = { 'main.js': MAIN_JS, ...spec.files };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  await chmod(join(dir, 'main.js'), 0o755).catch(() => undefined);
  await writeFile(join(dir, 'module.toml'), spec.manifest ?? BASIC_MANIFEST);
  return dir;
}

export function makeConfig(
  opts: { security?: Partial<NodeConfig['security']>; dataDir?: string; overrides?: NodeConfig['modules']['overrides'] } = {},
): NodeConfig {
  const dataDir = opts.dataDir ?? join(tmpdir(), 'blvm-trust-test-unused-data');
  return {
    file: '<test>',
    dir: tmpdir(),
    node: { network: 'regtest', data_dir: dataDir, log_level: 'info', database_backend: 'sqlite' },
    modules: { modules_dir: join(dataDir, 'modules'), enabled_modules: [], disabled_modules: [], overrides: opts.overrides ?? {} },
    security: {
      require_signatures: true,
      signature_threshold: { m: 2, n: 3 },
      trusted_maintainers: [],
      allow_unsigned: [],
      allowed_capabilities: [],
      allow_downgrade: [],
      allow_development_keys: false,
      signature_cache: false,
      ...opts.security,
    },
    supervision: defaultConfig('/').supervision,
    limits: { memory_samples: 3, cpu_window: 10_000, kill_on_cpu_limit: false },
    sandbox: { mode: 'none', user: 'dynamic' },
    inspector: { enabled: false, listen: '127.0.0.1:7780' },
    metrics: { enabled: false, listen: '127.0.0.1:0' },
    ipc: { ...defaultConfig('/').ipc, max_frame: 16 * 1024 * 1024, request_timeout: 30_000, rate_limit: 1000 },
    store: { retention_transitions: 1000, retention_events: 1000, retention_event_bytes: 64 * 1024 * 1024, max_event_payload: 64 * 1024, batch_interval: 50 },
    logs: { ...defaultConfig('/').logs, max_file_size: 1024 * 1024, max_files: 3 },
    registry: { url: '', trusted_keys: [], threshold: { m: 1, n: 1 }, cache_size: 0, deadline: 60_000, metadata_max_age: 300_000 },
    mempool: defaultConfig('/').mempool,
    payments: defaultConfig('/').payments,
    governance: { url: '', trusted_maintainers: [], voters: [], poll_interval: 30_000 },
  };
}

export function trusted(name: string, public_key: string): TrustedKey {
  return { name, public_key };
}

/** Writes a fresh [binary] section (no signatures) into the module's manifest. */
export async function writeBinary(dir: string): Promise<void> {
  const file = join(dir, 'module.toml');
  const text = await readFile(file, 'utf8');
  const entry = /entry_point = "([^"]*)"/.exec(text)?.[1] ?? 'main.js';
  const binary = await computeBinarySection(dir, entry);
  await writeFile(file, appendSignedSections(stripSignedSections(text, file), binary, []));
}
