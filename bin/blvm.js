#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=65536 MALLOC_TOP_PAD_=0 node --max-semi-space-size=2 --optimize-for-size --no-sparkplug --interrupt-budget=1081344
// Entry point of the `blvm` command; the code is the bundle dist/cli/main.cjs (built by `npm install`).
// CommonJS (bin/package.json), like the bundle, so that Node does not start its ES module loader.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'cli', 'main.cjs');
if (!existsSync(entry)) {
  process.stderr.write('blvm: not built yet: run "npm install" (or "npm run build") in the blvm directory\n');
  process.exit(1);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
