// Text edits of module.toml for `blvm module sign` and `blvm module migrate`: drop the
// [binary] and signature blocks and append fresh ones in either form, leaving every other byte
// as the author wrote it (only a top-level `threshold` line moves when the form changes).
import { basename } from 'node:path';
import { BlvmError } from '../errors.js';
import { TomlLayout } from './toml-layout.js';
import type { ManifestForm } from './manifest-form.js';
import type { BinaryInfo, ManifestSignature } from './types.js';

const REWRITTEN = ['binary', 'signatures'];

/** A TOML basic string (JSON escapes are valid TOML; DEL must be escaped too). */
export function tomlString(value: string): string {
  return JSON.stringify(value).replace(/\u007f/g, '\\u007F');
}

const tomlKey = (key: string): string => (/^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key));

/** The text without its [binary] and [[signatures]] / [signatures] blocks (comments right before the next table stay). */
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
  const lines = ['[binary]', `hash = ${tomlString(binary.hash)}`, `size = ${binary.size}`];
  if (binary.tree_hash !== undefined && binary.files !== undefined) {
    const files = Object.entries(binary.files).map(([path, hash]) => `${tomlKey(path)} = ${tomlString(hash)}`);
    lines.push(`tree_hash = ${tomlString(binary.tree_hash)}`, files.length === 0 ? 'files = {}' : `files = { ${files.join(', ')} }`);
  }
  return lines.join('\n');
}

export function renderSignature(signature: ManifestSignature): string {
  const lines = ['[[signatures]]'];
  if (signature.name !== undefined) lines.push(`name = ${tomlString(signature.name)}`);
  lines.push(`public_key = ${tomlString(signature.public_key)}`, `signature = ${tomlString(signature.signature)}`);
  return lines.join('\n');
}

/** The reference form's `[signatures]` table: the threshold and one inline entry per maintainer. */
export function renderReferenceSignatures(signatures: readonly ManifestSignature[], threshold?: string): string {
  const entry = (s: ManifestSignature): string => {
    const name = s.name === undefined ? '' : `name = ${tomlString(s.name)}, `;
    return `    { ${name}public_key = ${tomlString(s.public_key)}, signature = ${tomlString(s.signature)} },`;
  };
  const lines = ['[signatures]'];
  if (threshold !== undefined) lines.push(`threshold = ${tomlString(threshold)}`);
  lines.push(signatures.length === 0 ? 'maintainers = []' : ['maintainers = [', ...signatures.map(entry), ']'].join('\n'));
  return lines.join('\n');
}

export interface SignedSectionsOptions {
  /** Default "blvm": `[[signatures]]` entries and the threshold at the top. */
  form?: ManifestForm;
  /** The manifest's own "M-of-N", placed where the form keeps it. */
  threshold?: string;
}

/** Drops a top-level `threshold = …` line (a threshold is a one-line string). */
function withoutTopLevelThreshold(text: string): string {
  const at = new TomlLayout(text).assignments.find((a) => a.table.length === 0 && a.key.length === 1 && a.key[0] === 'threshold');
  return at === undefined ? text : text.split('\n').filter((_, i) => i + 1 !== at.line).join('\n');
}

/** Puts `threshold = …` at the end of the top-level keys, before the first table. */
function withTopLevelThreshold(text: string, threshold: string): string {
  const layout = new TomlLayout(text);
  if (layout.assignments.some((a) => a.table.length === 0 && a.key[0] === 'threshold')) return text;
  const lines = text.split('\n');
  const first = layout.headers.length === 0 ? lines.length : layout.headers[0].line - 1;
  let at = first;
  while (at > 0 && /^\s*(#.*)?\r?$/.test(lines[at - 1])) at--;
  lines.splice(at, 0, `threshold = ${tomlString(threshold)}`);
  return lines.join('\n');
}

/** Stripped text + a fresh [binary] + the given signatures in the chosen form, with the text's own line ending. */
export function appendSignedSections(
  stripped: string,
  binary: BinaryInfo,
  signatures: readonly ManifestSignature[],
  opts: SignedSectionsOptions = {},
): string {
  const eol = stripped.includes('\r\n') ? '\r\n' : '\n';
  const reference = opts.form === 'reference';
  let text = stripped.replace(/\r\n/g, '\n');
  if (reference) text = withoutTopLevelThreshold(text);
  else if (opts.threshold !== undefined) text = withTopLevelThreshold(text, opts.threshold);
  const signatureBlocks = reference ? [renderReferenceSignatures(signatures, opts.threshold)] : signatures.map(renderSignature);
  const blocks = [renderBinarySection(binary), ...signatureBlocks].join('\n\n') + '\n';
  const body = text.replace(/\s+$/, '');
  return ((body === '' ? '' : body + '\n\n') + blocks).replace(/\n/g, eol);
}
