#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=65536 MALLOC_TOP_PAD_=0 node --max-semi-space-size=2 --optimize-for-size --no-sparkplug
// Entry point of the `blvm` command; the code is the bundle in dist/cli/ (built by `npm install`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('blvm: not built yet: run "npm install" (or "npm run build") in the blvm directory\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
