// A stand-in for the public raw-file host: rebuilds each fixture's source file from the real
// fixture data (the inverse of its recipe) and serves it over HTTP on 127.0.0.1.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { FixtureIndex, FixtureSource } from '../../../tools/fixtures/location.js';
import { BLK_MAGIC, heightPath, heightsOf, type Recipe } from '../../../tools/fixtures/recipes.js';

export interface SourceServer {
  baseUrl: string;
  /** URL path → body; tests edit it to tamper with a source. */
  files: Map<string, Buffer>;
  /** URL paths whose response is cut off after a few bytes. */
  truncated: Set<string>;
  close: () => Promise<void>;
}

export async function startSourceServer(files = new Map<string, Buffer>()): Promise<SourceServer> {
  const truncated = new Set<string>();
  const server: Server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404).end('not found');
    } else if (truncated.has(req.url ?? '')) {
      res.writeHead(200, { 'content-length': body.length });
      res.write(body.subarray(0, 10), () => res.destroy());
    } else {
      res.writeHead(200, { 'content-length': body.length }).end(body);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    files,
    truncated,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export function sourcePath(source: FixtureSource, path = source.path): string {
  return `/${source.repo}/${source.commit}/${path}`;
}

/** Every source file the recipes read, rebuilt from the fixture data in `dataDir`. */
export async function sourcesFrom(dataDir: string, index: FixtureIndex, recipes: Record<string, Recipe>): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const framed = new Map<string, { records: Map<number, Buffer>; bzip2: boolean }>();
  for (const entry of index.entries) {
    const recipe = recipes[entry.file];
    const source = entry.source;
    if ('derive' in recipe || source === null || typeof source !== 'object') continue;
    const data = readFileSync(join(dataDir, entry.file));
    if (recipe.take === 'raw') files.set(sourcePath(source), data);
    if (recipe.take === 'hex-lines') files.set(sourcePath(source), Buffer.from(hexLines(data, recipe.skip_lines, entry)));
    if (recipe.take === 'per-height') {
      heightsOf(recipe.heights).forEach((h, i) => files.set(sourcePath(source, heightPath(source.path, h, recipe.height_digits)), data.subarray(i * 80, i * 80 + 80)));
    }
    if (recipe.take === 'framed-record') {
      const file = framed.get(sourcePath(source)) ?? { records: new Map(), bzip2: recipe.decompress === 'bzip2' };
      file.records.set(recipe.record, data);
      framed.set(sourcePath(source), file);
    }
  }
  for (const [path, { records, bzip2 }] of framed) {
    const bytes = frame(records);
    files.set(path, bzip2 ? Buffer.from((await execa('bzip2', ['-c'], { input: bytes, encoding: 'buffer' })).stdout) : bytes);
  }
  return files;
}

function hexLines(data: Buffer, skip: number, entry: { first_height?: number }): string {
  const lines: string[] = skip > 0 ? [String(entry.first_height ?? 0)] : [];
  for (let i = 0; i < data.length; i += 80) lines.push(data.subarray(i, i + 80).toString('hex'));
  return `${lines.join('\n')}\n`;
}

// A blk*.dat-style file whose records at the known indexes are the real blocks; the records
// between them are filler the downloader must skip over.
function frame(records: Map<number, Buffer>): Buffer {
  const last = Math.max(...records.keys());
  const parts: Buffer[] = [];
  for (let i = 0; i <= last; i++) {
    const block = records.get(i) ?? Buffer.from(`filler record ${i}`);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(block.length);
    parts.push(BLK_MAGIC, length, block);
  }
  return Buffer.concat(parts);
}
