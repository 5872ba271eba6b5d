// The files `blvm module new` writes: the manifest and config.toml are shared by every language.
import { javascriptModule } from './template-js.js';
import { pythonModule } from './template-python.js';
import { typescriptModule, typescriptToolchain, type Toolchain } from './template-ts.js';

export type ModuleFiles = Record<string, { text: string; mode?: number }>;

export const LANGUAGES = ['js', 'python', 'ts'] as const;
export type ModuleLanguage = (typeof LANGUAGES)[number];

const ENTRY: Record<ModuleLanguage, string> = { js: 'main.js', ts: 'main.js', python: 'main.py' };

/** `toolchain`: where blvm's TypeScript compiler and types are (`ts` only; found when absent). */
export function moduleFiles(name: string, lang: ModuleLanguage, author: string, toolchain?: Toolchain): ModuleFiles {
  const manifest = `name = "${name}"
version = "0.1.0"
entry_point = "${ENTRY[lang]}"
description = "${name}: a new blvm module"
author = "${author}"
# Exactly what the module uses (docs/writing-modules.md, section 9).
capabilities = ["subscribe_events"]

[config_schema]
greeting = { type = "string", default = "hello", description = "first word of the line logged at start" }
`;
  const config = `# ${name}'s own configuration; the node's [modules.${name}] table overrides it key by key.
greeting = "hello"
`;
  const language = lang === 'ts' ? typescriptModule(name, toolchain ?? typescriptToolchain()) : lang === 'python' ? pythonModule(name) : javascriptModule(name);
  return { 'module.toml': { text: manifest }, 'config.toml': { text: config }, ...language, 'test/module.test.js': { text: moduleTest(name) } };
}

// The module's own test, in JavaScript whatever the module's language: a real node from blvm/testing.
function moduleTest(name: string): string {
  return `// Starts a real node in a temp dir with this module and waits until it runs.
// Run with: node --import=<blvm>/dist/src/sdk/register.js --test <this dir>
import { test } from 'node:test';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IsolatedNode, waitUntil } from 'blvm/testing';

const moduleDir = dirname(dirname(fileURLToPath(import.meta.url)));

test('${name} reaches monitoring and logs its greeting', async (t) => {
  const node = await IsolatedNode.create({ copyModules: { '${name}': moduleDir } });
  t.after(() => node.destroy());
  await node.waitForPhase('${name}', 'monitoring');
  await waitUntil(() => node.log().includes('hello from ${name}'), { message: 'the greeting in the node log' });
});
`;
}
