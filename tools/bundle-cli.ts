// Bundles the `blvm` command (the daemon included) from tsc's output into one CommonJS file,
// dist/cli/main.cjs, the code bin/blvm.js loads. Hundreds of ES modules each keep a module
// record, their source text and their compiled code; one bundle with whitespace removed makes
// a smaller daemon, and as CommonJS (bin/blvm.js too) Node never starts its ES module loader,
// which alone holds ~5 MiB of an idle daemon (docs/benchmarks.md, "Idle daemon"). What the code
// loads with `import()` (each command, the inspector, metrics, the wallet…) stays in the file
// but runs only when first imported. Run by `npm run build` after tsc.
import { build } from 'esbuild';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/version.js';

const CLI_BUNDLE_DIR = join(PACKAGE_ROOT, 'dist', 'cli');

// Native addons are found next to their package at run time; viz ships its own WebAssembly
// and is loaded only to draw a chart.
const EXTERNAL = ['sqlite3', 'classic-level', 'lmdb', 'unix-dgram', '@viz-js/viz'];

// `import.meta.url` (the package root is found from it) has no CommonJS form: it becomes the bundle's own URL.
const IMPORT_META_URL = "const __blvmImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";

await rm(CLI_BUNDLE_DIR, { recursive: true, force: true });
const result = await build({
  absWorkingDir: PACKAGE_ROOT,
  entryPoints: ['dist/src/cli/main.js'],
  outfile: join(CLI_BUNDLE_DIR, 'main.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  define: { 'import.meta.url': '__blvmImportMetaUrl' },
  // `import()` of a package left outside would start the ES module loader after all: `require` it.
  supported: { 'dynamic-import': false },
  banner: { js: IMPORT_META_URL },
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
// Which source file imports which, and how: test/tools/cli-bundle.test.ts reads what the daemon runs at start.
await writeFile(join(CLI_BUNDLE_DIR, 'meta.json'), JSON.stringify(result.metafile));
