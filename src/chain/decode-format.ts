import { bitsHex } from './compact-target.js';
import type { HeaderVerdict, RunReport } from './header-chain.js';
import { toDisplayHex, uint256Hex } from './hash.js';
import type { BlockHeader } from './types.js';
import type { BlockVerdict } from './validate-block.js';
import { NOT_VALIDATED, type RuleResult, type Verdict } from './verdict.js';

// Human-readable and JSON renderings of decode results.

const MAX_LISTED_INCOMPLETE = 20;
const RUN_NOT_VALIDATED = ["the blocks' transactions, merkle roots and witness data (only headers were given)", ...NOT_VALIDATED];

export type HeightSource = 'given' | 'coinbase' | 'genesis';

export function headerJson(h: BlockHeader): Record<string, unknown> {
  return {
    version: h.version,
    prevHash: toDisplayHex(h.prevHash),
    merkleRoot: toDisplayHex(h.merkleRoot),
    time: h.time,
    bits: bitsHex(h.bits),
    nonce: h.nonce,
  };
}

function mark(r: RuleResult): string {
  return r.status === 'pass' ? '✓' : r.status === 'fail' ? '✗' : '?';
}

function ruleLine(r: RuleResult): string {
  const detail = r.status === 'pass' ? r.message : r.status === 'fail' ? `${r.code}: ${r.message}` : `${r.message} (${r.code})`;
  return `  ${mark(r)} ${r.rule.padEnd(18)} ${detail}`;
}

function resultLine(v: Verdict): string {
  const failed = v.results.filter((r) => r.status === 'fail').length;
  const open = v.results.filter((r) => r.status === 'unchecked').length;
  const openText = open === 0 ? '' : `, ${open} not checked for lack of context`;
  return v.valid ? `result: valid (${v.results.length - open} rules passed${openText})` : `result: INVALID (${failed} rule${failed === 1 ? '' : 's'} failed${openText})`;
}

function notValidatedLines(list: readonly string[]): string[] {
  return ['not validated:', ...list.map((s) => `  - ${s}`)];
}

export function formatBlock(v: BlockVerdict, header: BlockHeader, network: string, heightSource: HeightSource | undefined): string {
  const height = v.height === undefined ? 'unknown (no trusted BIP34 height; pass --height N)' : `${v.height} (${heightSource === 'coinbase' ? 'BIP34 height in the coinbase' : 'given'})`;
  const lines = [
    `block ${v.hash} (${network})`,
    `  height   ${height}`,
    `  prev     ${toDisplayHex(header.prevHash)}`,
    `  merkle   ${toDisplayHex(header.merkleRoot)}`,
    `  time     ${header.time} (${new Date(header.time * 1000).toISOString()})`,
    `  bits     ${bitsHex(header.bits)}   version 0x${(header.version >>> 0).toString(16).padStart(8, '0')}   nonce ${header.nonce}`,
    `  txs      ${v.txCount} (${v.witnessTxCount} with witness data)`,
    `  size     ${v.size} bytes (stripped ${v.strippedSize})`,
    `  weight   ${v.weight}`,
    'verdicts:',
    ...v.results.map(ruleLine),
    ...notValidatedLines(v.notValidated),
    resultLine(v),
  ];
  return `${lines.join('\n')}\n`;
}

export function blockJson(v: BlockVerdict, header: BlockHeader, network: string, heightSource: HeightSource | undefined): unknown {
  return { kind: 'block', network, ...v, heightSource, header: headerJson(header) };
}

function where(h: HeaderVerdict): string {
  return h.height === undefined ? `#${h.index}` : `height ${h.height} (#${h.index})`;
}

function headerLine(h: HeaderVerdict, status: 'fail' | 'unchecked'): string {
  const rs = h.results.filter((r) => r.status === status);
  const detail = rs.map((r) => (r.status === 'fail' ? `${r.code}: ${r.message}` : `${r.rule}: ${r.message}`)).join('; ');
  return `  ${status === 'fail' ? '✗' : '?'} ${where(h)} ${h.hash}: ${detail}`;
}

export function formatRun(r: RunReport, network: string): string {
  const heights = r.firstHeight === undefined ? 'heights unknown (pass --height N for the first header)' : `heights ${r.firstHeight}..${r.lastHeight}`;
  const lines = [
    `header run: ${r.count} header${r.count === 1 ? '' : 's'} (${network}), ${heights}`,
    `  first    ${r.firstHash ?? '-'}`,
    `  last     ${r.lastHash ?? '-'}`,
  ];
  if (r.chainwork !== undefined) lines.push(`  chainwork ${uint256Hex(r.chainwork)}`);
  if (r.failed.length > 0) lines.push('failing headers:', ...r.failed.map((h) => headerLine(h, 'fail')));
  if (r.incomplete.length > 0) {
    lines.push('headers with rules not checked (context missing):');
    lines.push(...r.incomplete.slice(0, MAX_LISTED_INCOMPLETE).map((h) => headerLine(h, 'unchecked')));
    if (r.incomplete.length > MAX_LISTED_INCOMPLETE) lines.push(`  … and ${r.incomplete.length - MAX_LISTED_INCOMPLETE} more`);
  }
  const ok = r.count - r.failed.length - r.incomplete.length;
  lines.push(`summary: ${r.count} headers: ${ok} valid, ${r.failed.length} failing, ${r.incomplete.length} valid so far but not fully checked`);
  lines.push('rules per header: target, pow, genesis or link, median-time, future-time, bits, version');
  lines.push(...notValidatedLines(RUN_NOT_VALIDATED));
  lines.push(r.valid ? 'result: valid' : `result: INVALID (${r.failed.length} failing header${r.failed.length === 1 ? '' : 's'})`);
  return `${lines.join('\n')}\n`;
}

function strip(h: HeaderVerdict): unknown {
  const { notValidated: _n, ...rest } = h;
  return rest;
}

export function runJson(r: RunReport, network: string): unknown {
  return {
    kind: 'headers',
    network,
    ...r,
    chainwork: r.chainwork === undefined ? undefined : uint256Hex(r.chainwork),
    failed: r.failed.map(strip),
    incompleteCount: r.incomplete.length,
    incomplete: r.incomplete.slice(0, MAX_LISTED_INCOMPLETE).map(strip),
    notValidated: RUN_NOT_VALIDATED,
  };
}
