// Text edits of module.toml for `blvm module sign`: drop the [binary] and [[signatures]]
// blocks and append fresh ones, leaving every other byte as the author wrote it.
import { basename } from 'node:path';
import { BlvmError } from '../errors.js';
import { TomlLayout } from './toml-layout.js';
import type { BinaryInfo, ManifestSignature } from './types.js';

const REWRITTEN = ['binary', 'signatures'];

/** A TOML basic string (JSON escapes are valid TOML; DEL must be escaped too). */
export function tomlString(value: string): string {
  return JSON.stringify(value).replace(/\u007f/g, '\\u007F');
}

const tomlKey = (key: string): string => (/^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key));

/** The text without its [binary]/[[signatures]] blocks (comments right before the next table stay). */
export function stripSignedSections(text: string, file: string): string {
  const layout = new TomlLayout(text);
  const inline = layout.assignments.find((a) => a.table.length === 0 && REWRITTEN.includes(a.key[0]));
  if (inline !== undefined) {
    throw new BlvmError('usage', `${basename(file)}:${inline.line}: ${inline.key.join('.')} is written inline; write it as a [binary] table or [[signatures]] entries so it can be rewritten`);
  }
  const lines = text.split('\n');
  const drop = new Set<number>();
  layout.headers.forEach((header, i) => {
    if (!REWRITTEN.includes(header.key[0])) return;
    let end = i + 1 < layout.headers.length ? layout.headers[i + 1].line - 1 : lines.length;
    const nextIsKept = i + 1 < layout.headers.length && !REWRITTEN.includes(layout.headers[i + 1].key[0]);
    while (nextIsKept && end > header.line && /^\s*(#.*)?\r?$/.test(lines[end - 1])) end--;
    for (let line = header.line; line <= end; line++) drop.add(line);
  });
  return lines.filter((_, i) => !drop.has(i + 1)).join('\n');
}

export function renderBinarySection(binary: BinaryInfo): string {
  const files = Object.entries(binary.files).map(([path, hash]) => `${tomlKey(path)} = ${tomlString(hash)}`);
  return [
    '[binary]',
    `hash = ${tomlString(binary.hash)}`,
    `size = ${binary.size}`,
    `tree_hash = ${tomlString(binary.tree_hash)}`,
    files.length === 0 ? 'files = {}' : `files = { ${files.join(', ')} }`,
  ].join('\n');
}

export function renderSignature(signature: ManifestSignature): string {
  const lines = ['[[signatures]]'];
  if (signature.name !== undefined) lines.push(`name = ${tomlString(signature.name)}`);
  lines.push(`public_key = ${tomlString(signature.public_key)}`, `signature = ${tomlString(signature.signature)}`);
  return lines.join('\n');
}

/** Stripped text + a fresh [binary] + the given signatures, with the text's own line ending. */
export function appendSignedSections(stripped: string, binary: BinaryInfo, signatures: readonly ManifestSignature[]): string {
  const eol = stripped.includes('\r\n') ? '\r\n' : '\n';
  const blocks = [renderBinarySection(binary), ...signatures.map(renderSignature)].join('\n\n') + '\n';
  const body = stripped.replace(/\s+$/, '');
  return (body === '' ? '' : body + eol + eol) + blocks.replace(/\n/g, eol);
}
