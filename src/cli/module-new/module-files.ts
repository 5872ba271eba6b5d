// The files `blvm module new` writes: the manifest and config.toml are shared by every language.
import { javascriptModule } from './template-js.js';
import { pythonModule } from './template-python.js';

export type ModuleFiles = Record<string, { text: string; mode?: number }>;

export const LANGUAGES = ['js', 'python'] as const;
export type ModuleLanguage = (typeof LANGUAGES)[number];

const ENTRY: Record<ModuleLanguage, string> = { js: 'main.js', python: 'main.py' };

export function moduleFiles(name: string, lang: ModuleLanguage, author: string): ModuleFiles {
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
  const language = lang === 'js' ? javascriptModule(name) : pythonModule(name);
  return { 'module.toml': { text: manifest }, 'config.toml': { text: config }, ...language };
}
