import test from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { waitUntil } from '../../src/testing/wait.js';
import { PACKAGE_ROOT } from '../../src/version.js';

// The samples of docs/writing-modules.md sections 1 (manifest) and 2 to 7 (main.js), in the order printed.
async function documentedModule(): Promise<{ manifest: string; main: string }> {
  const doc = await readFile(join(PACKAGE_ROOT, 'docs', 'writing-modules.md'), 'utf8');
  const section = (from: number, to: number) => doc.slice(doc.indexOf(`\n## ${from}. `), doc.indexOf(`\n## ${to}. `));
  const blocks = (text: string, lang: string) => [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
  const [manifest] = blocks(section(1, 2), 'toml');
  const main = blocks(section(2, 8), 'js').join('\n');
  if (!manifest || !main.includes('await node.ready()')) throw new Error('docs/writing-modules.md lost its manifest or module samples');
  return { manifest, main: main.replace(/^#!.*\n/, '') };
}

test('the samples of docs/writing-modules.md, run in the order printed, make a module that notes blocks (issue 20)', async (t) => {
  const { manifest, main } = await documentedModule();
  const node = await IsolatedNode.create({ start: false, copyModules: { 'event-journal': join(PACKAGE_ROOT, 'modules', 'event-journal') } });
  t.teardown(() => node.destroy());
  await node.addModule('block-notes', manifest, main);
  await node.start();
  await node.waitForPhase('block-notes', 'monitoring');
  const generate = await node.cli(['chain', 'generate', '3']);
  t.is(generate.exitCode, 0, generate.stderr);
  const shown = await waitUntil(
    async () => {
      const r = await node.cli(['notes', 'show']);
      return r.stdout.trim().split('\n').length === 3 && r.stdout;
    },
    { message: "three notes in blvm notes show" },
  );
  t.regex(shown, /^#\d+ height 3\n#\d+ height 2\n#\d+ height 1\n?$/);
  t.truthy(await node.waitForLog(/block-notes ready with 0 notes \(journal has \d+ events\)/));
});
