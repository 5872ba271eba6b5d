// What a registry operator holding the registry key can do: rewrite index entries and
// artifacts, then sign the index again so every client accepts it.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { signIndex } from '../../../src/registry/index-signature.js';
import type { RegistryIndex, SignedIndex } from '../../../src/registry/index-types.js';
import { BLOCK, encodeHeader } from '../../../src/registry/tar-format.js';
import { parseTar } from '../../../src/registry/tar-unpack.js';
import { sha256Hex } from '../../../src/trust/hash.js';

export async function readIndexFile(registryDir: string): Promise<RegistryIndex> {
  return JSON.parse(await readFile(join(registryDir, 'index.json'), 'utf8')) as RegistryIndex;
}

/** Applies `change` to the signed part and writes the index signed by `keys` (private hex). */
export async function resignIndex(registryDir: string, keys: string[], change: (signed: SignedIndex) => void): Promise<RegistryIndex> {
  const index = await readIndexFile(registryDir);
  change(index.signed);
  const resigned: RegistryIndex = { ...index, signatures: keys.map((key) => signIndex(index.signed, key)) };
  await writeFile(join(registryDir, 'index.json'), JSON.stringify(resigned, null, 2) + '\n');
  return resigned;
}

/** The paths inside a tar.gz artifact. */
export function artifactPaths(bytes: Buffer): string[] {
  return parseTar(gunzipSync(bytes), 'artifact').map((e) => e.header.path);
}

/** The artifact with one more regular file added at its root. */
export function withExtraFile(bytes: Buffer, path: string, content: string): Buffer {
  const parts: Buffer[] = [];
  const entries = [...parseTar(gunzipSync(bytes), 'artifact'), { header: { path, type: 'file' as const, mode: 0o644, size: 0 }, content: Buffer.from(content) }];
  for (const { header, content: data } of entries) {
    parts.push(encodeHeader({ ...header, size: data.length }), data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts));
}

/** Replaces an artifact file and its sha256/size in the signed index. */
export async function replaceArtifact(registryDir: string, key: string, name: string, version: string, bytes: Buffer): Promise<void> {
  await resignIndex(registryDir, [key], (signed) => {
    const entry = signed.modules[name].versions[version];
    entry.sha256 = sha256Hex(bytes);
    entry.size = bytes.length;
  });
  const index = await readIndexFile(registryDir);
  await writeFile(join(registryDir, index.signed.modules[name].versions[version].artifact), bytes);
}
