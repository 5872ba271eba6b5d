// One registry with base 1.0.0 and app 1.0.0 (app requires base ^1), signed by both trusted
// maintainers, served in-process; and a node directory trusting the keys (no daemon).
import type { ExecutionContext } from 'ava';
import { openSession, type RegistrySession } from '../../../src/registry/session.js';
import { servedRegistry, type ServedRegistry } from './served.js';
import { buildModule, makeKeys, nodeDirs, tempDir, type Keys, type ModuleSpec, type NodeDirs } from './world.js';

export interface Scenario {
  keys: Keys;
  registry: ServedRegistry;
  node: NodeDirs;
  /** Builds a module signed by both trusted maintainers. */
  build(spec: ModuleSpec): Promise<string>;
  /** A session on the node's config; its output lines are collected in `lines`. */
  session(): Promise<RegistrySession>;
  lines: string[];
}

export async function scenario(t: ExecutionContext, opts: { extraRegistryToml?: string; publish?: boolean } = {}): Promise<Scenario> {
  const keys = await makeKeys(t);
  const registry = await servedRegistry(t, keys.registry);
  const sources = await tempDir(t, 'blvm-registry-src-');
  const node = await nodeDirs(t, keys, registry.url, opts.extraRegistryToml ?? 'cache_size = "1MiB"\n');
  const lines: string[] = [];
  const build = (spec: ModuleSpec) => buildModule(sources, { signers: [keys.alice, keys.bob], ...spec });
  if (opts.publish !== false) {
    await registry.publish(await build({ name: 'base' }));
    await registry.publish(await build({ name: 'app', requires: { base: '^1.0.0' }, description: 'an app on base' }));
  }
  const session = () => openSession(node.config, { say: (line) => void lines.push(line), progress: () => undefined, tty: false });
  return { keys, registry, node, build, session, lines };
}
