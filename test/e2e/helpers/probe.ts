// Test modules backed by test/fixtures/modules/probe.mjs, configured per test.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';
import { IsolatedNode, type IsolatedNodeOptions } from '../../../src/testing/isolated-node.js';

const PROBE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'modules', 'probe.mjs');

export interface ProbeSpec {
  mode?: string;
  requires?: Record<string, string>;
  optional?: Record<string, string>;
  config?: Record<string, string | number | boolean>;
}

export function probeManifest(name: string, spec: ProbeSpec = {}): string {
  const deps = (table: string, deps?: Record<string, string>) =>
    deps ? `\n[${table}]\n${Object.entries(deps).map(([k, v]) => `${k} = "${v}"`).join('\n')}\n` : '';
  return (
    `name = "${name}"\nversion = "1.0.0"\nentry_point = "main.js"\ndescription = "test probe"\nauthor = "blvm tests"\n` +
    `capabilities = []\n` +
    deps('dependencies', spec.requires) +
    deps('optional_dependencies', spec.optional)
  );
}

function overrides(name: string, spec: ProbeSpec): string {
  const values = { mode: spec.mode ?? 'ok', ...(spec.config ?? {}) };
  return `[modules.${name}]\n${Object.entries(values).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join('\n')}\n`;
}

/** An isolated node whose modules are probes; torn down with the test. */
export async function nodeWithProbes(
  t: ExecutionContext,
  probes: Record<string, ProbeSpec>,
  opts: IsolatedNodeOptions = {},
): Promise<IsolatedNode> {
  const node = await IsolatedNode.create({
    ...opts,
    start: false,
    extraConfig: Object.entries(probes).map(([n, s]) => overrides(n, s)).join('\n') + (opts.extraConfig ?? ''),
  });
  t.teardown(() => node.destroy());
  for (const [name, spec] of Object.entries(probes)) {
    await node.addModule(name, probeManifest(name, spec), `import ${JSON.stringify(PROBE)};`);
  }
  if (opts.start !== false) await node.start();
  return node;
}
