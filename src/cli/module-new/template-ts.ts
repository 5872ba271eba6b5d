// A new TypeScript module: src/main.ts on the typed SDK, compiled by the TypeScript compiler
// blvm depends on into main.js (Node 20 cannot run .ts), which the manifest names and signing hashes.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BlvmError } from '../../errors.js';
import { PACKAGE_ROOT } from '../../version.js';
import type { ModuleFiles } from './module-files.js';

export interface Toolchain {
  /** The `tsc` executable of blvm's own `typescript` package. */
  tsc: string;
  /** The folder holding blvm's `@types/node`, for the Node globals and `node:` modules. */
  typeRoot: string;
  /** The declarations of `blvm/sdk` in this installation. */
  sdkTypes: string;
}

// Resolved from blvm's package root (hoisted or not), so the module needs no node_modules of its own.
export function typescriptToolchain(): Toolchain {
  const require = createRequire(join(PACKAGE_ROOT, 'package.json'));
  const locate = (pkg: string): string => {
    try {
      return dirname(require.resolve(`${pkg}/package.json`));
    } catch (error) {
      throw new BlvmError('unavailable', `--lang ts: the package ${pkg} is not installed next to blvm in ${PACKAGE_ROOT} (install blvm with its development dependencies)`, { cause: error });
    }
  };
  return {
    tsc: join(locate('typescript'), 'bin', 'tsc'),
    typeRoot: dirname(locate('@types/node')),
    sdkTypes: join(PACKAGE_ROOT, 'dist', 'src', 'sdk', 'index.d.ts'),
  };
}

/** The one command that compiles src/ into the entry point and makes it executable; `dir` is already shell-quoted. */
export function typescriptBuildCommand(tsc: string, dir: string, quote: (s: string) => string): string {
  return `${quote(tsc)} -p ${dir} && chmod 755 ${dir}/main.js`;
}

export function typescriptModule(name: string, toolchain: Toolchain): ModuleFiles {
  // `exclude: []`: the default excludes outDir, which is the module directory itself.
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      rootDir: 'src',
      outDir: '.',
      strict: true,
      skipLibCheck: true,
      typeRoots: [toolchain.typeRoot],
      types: ['node'],
      paths: { 'blvm/sdk': [toolchain.sdkTypes] },
    },
    include: ['src'],
    exclude: [],
  };
  return {
    'package.json': { text: `${JSON.stringify({ private: true, type: 'module' }, null, 2)}\n` },
    'tsconfig.json': { text: `${JSON.stringify(tsconfig, null, 2)}\n` },
    'src/main.ts': {
      text: `#!/usr/bin/env node
// ${name}: says hello in the node's log and counts new blocks (see docs/writing-modules.md).
// Compiled into main.js, the entry point, by the build command \`blvm module new\` printed.
import { asChainEvent, connect, type ModuleClient } from 'blvm/sdk';

const node: ModuleClient = await connect();
const config = await node.config();
const blocks = await node.subscribe({ types: ['NewBlock'] });
// Everything the node and other modules rely on is set up: say ready before reading events.
await node.ready();
node.log('info', \`\${String(config.greeting)} from ${name}\`);

let seen = 0;
for await (const event of blocks) {
  const block = asChainEvent(event);
  if (block?.type !== 'NewBlock') continue;
  seen += 1;
  console.log(\`block \${block.data.height} (\${seen} seen)\`);
}
`,
    },
  };
}
