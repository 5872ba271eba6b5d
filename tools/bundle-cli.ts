// Bundles the `blvm` command (the daemon included) from tsc's output into dist/cli/, the code
// bin/blvm.js loads. Hundreds of ES modules each keep a module record, their source text and
// their compiled code; one bundle, split only where the code already loads on demand (each
// command, the inspector, metrics), with whitespace removed, makes a smaller daemon
// (docs/benchmarks.md, "Idle daemon"). Run by `npm run build` after tsc.
import { build } from 'esbuild';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/version.js';

const CLI_BUNDLE_DIR = join(PACKAGE_ROOT, 'dist', 'cli');

// Native addons are found next to their package at run time; viz ships its own WebAssembly
// and is loaded only to draw a chart.
const EXTERNAL = ['sqlite3', 'classic-level', 'lmdb', 'unix-dgram', '@viz-js/viz'];

// CommonJS dependencies (toml, semver, prom-client) call `require`, which an ES module lacks.
const REQUIRE_SHIM = "import { createRequire as __blvmCreateRequire } from 'node:module'; const require = __blvmCreateRequire(import.meta.url);";

await rm(CLI_BUNDLE_DIR, { recursive: true, force: true });
const result = await build({
  absWorkingDir: PACKAGE_ROOT,
  entryPoints: ['dist/src/cli/main.js'],
  outdir: CLI_BUNDLE_DIR,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  banner: { js: REQUIRE_SHIM },
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
// Which source file went into which chunk: test/tools/cli-bundle.test.ts reads what the daemon loads at start.
await writeFile(join(CLI_BUNDLE_DIR, 'meta.json'), JSON.stringify(result.metafile));
