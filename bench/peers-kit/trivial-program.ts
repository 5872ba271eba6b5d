// The one trivial program every supervisor runs. Under blvm (BLVM_SOCKET set) it is a module:
// handshake, then `ready`. Under anything else it connects to the benchmark's socket and
// reports its pid. Either way it then idles until killed or disconnected. It imports `blvm/sdk`
// by name, as modules do (through the link beside the verified snapshots).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The program's source; blvm modules carry it as their own entry point (the sandbox hides other temp dirs). */
export const TRIVIAL_SOURCE = `import { createConnection } from 'node:net';
if (process.env.BLVM_SOCKET) {
  const { connect } = await import('blvm/sdk');
  const client = await connect();
  await client.ready();
} else {
  const socket = createConnection(process.env.BENCH_SOCKET);
  socket.on('connect', () => socket.write(process.pid + '\\n'));
  socket.on('close', () => process.exit(0));
  socket.on('error', () => process.exit(1));
}
setInterval(() => {}, 1 << 30);
`;

/** Writes the program as `<dir>/trivial.mjs` and returns its path. */
export async function writeTrivialProgram(dir: string): Promise<string> {
  const file = join(dir, 'trivial.mjs');
  await writeFile(file, TRIVIAL_SOURCE, { mode: 0o755 });
  return file;
}
