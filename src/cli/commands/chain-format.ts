// Text renderings of the chain views for `blvm chain …` (the --json forms print the views as they are).
import type { ChainInfo, ChainTip, DecodedBlockView, DecodedTx, HeaderView, ImportReport, ReorgSummary, TxView } from '../../chain/chain-views.js';

const iso = (t: number): string => new Date(t * 1000).toISOString();

export function table(rows: [string, string | number][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}

export function formatTip(tip: ChainTip): string {
  return table([
    ['height', tip.height],
    ['hash', tip.hash],
    ['time', `${tip.time} (${iso(tip.time)})`],
    ['median time', `${tip.median_time} (${iso(tip.median_time)})`],
    ['chainwork', tip.chainwork],
  ]);
}

export function formatInfo(info: ChainInfo): string {
  return table([
    ['network', info.network],
    ['genesis', info.genesis_hash],
    ['tip height', info.tip.height],
    ['tip hash', info.tip.hash],
    ['tip chainwork', info.tip.chainwork],
    ['best header', `${info.best_header.height} ${info.best_header.hash}`],
    ['headers', info.headers],
    ['blocks stored', info.blocks],
    ['invalidated', info.invalidated],
  ]);
}

function headerRows(h: HeaderView): [string, string | number][] {
  return [
    ['hash', h.hash],
    ['height', h.height],
    ['status', `${h.status}${h.in_best_chain ? ', on the best chain' : ', not on the best chain'}${h.has_block ? '' : ', header only'}`],
    ['confirmations', h.confirmations],
    ['version', `${h.version} (0x${(h.version >>> 0).toString(16).padStart(8, '0')})`],
    ['prev', h.prev_hash ?? '(none: genesis)'],
    ['next', h.next_hash ?? '(none)'],
    ['merkle root', h.merkle_root],
    ['time', `${h.time} (${iso(h.time)})`],
    ['median time', `${h.median_time} (${iso(h.median_time)})`],
    ['bits', h.bits],
    ['nonce', h.nonce],
    ['chainwork', h.chainwork],
    ['tx count', h.tx_count ?? '(unknown: header only)'],
  ];
}

export function formatHeader(h: HeaderView): string {
  return table(headerRows(h));
}

export function formatBlock(b: DecodedBlockView): string {
  const rows = headerRows(b);
  rows.push(['size', b.size], ['stripped size', b.stripped_size], ['weight', b.weight]);
  return table(rows) + `transactions (${b.tx.length}):\n` + b.tx.map((tx, i) => `  ${String(i).padStart(4)}  ${tx.txid}\n`).join('');
}

export function formatTx(tx: TxView): string {
  return formatDecodedTx(tx.txid, tx.decoded, [
    ['block', `${tx.block_hash} (height ${tx.height}, position ${tx.position})`],
    ['confirmations', tx.confirmations],
  ]);
}

/** A decoded transaction with `where` rows (its block, or its mempool facts) after the ids. */
export function formatDecodedTx(txid: string, d: DecodedTx, where: [string, string | number][]): string {
  const sats = d.outputs.reduce((sum, o) => sum + o.value, 0);
  return (
    table([
      ['txid', txid],
      ['wtxid', d.wtxid],
      ...where,
      ['version', d.version],
      ['locktime', d.locktime],
      ['size', `${d.size} bytes, weight ${d.weight}`],
      ['inputs', d.coinbase ? '1 (coinbase)' : d.inputs.length],
      ['outputs', `${d.outputs.length}, ${sats} sat`],
    ]) +
    d.inputs.map((i) => `  in   ${d.coinbase ? 'coinbase' : `${i.prev_txid}:${i.prev_index}`}\n`).join('') +
    d.outputs.map((o, n) => `  out  ${n}: ${o.value} sat to ${o.script_pubkey}\n`).join('')
  );
}

export function formatReorg(verb: string, s: ReorgSummary): string {
  return (
    `${verb} ${s.changed} block${s.changed === 1 ? '' : 's'}; disconnected ${s.disconnected.length}, connected ${s.connected.length}\n` +
    s.disconnected.map((h) => `  - ${h}\n`).join('') +
    s.connected.map((h) => `  + ${h}\n`).join('') +
    `tip: height ${s.tip.height} ${s.tip.hash}\n`
  );
}

export function formatImport(file: string, r: ImportReport): string {
  if (r.kind === 'block') {
    const where = r.height === null ? '' : ` at height ${r.height}`;
    const what = { connected: 'connected to the best chain', stored: 'stored off the best chain', known: 'already stored', rejected: 'REJECTED' }[r.outcome];
    return `block ${r.hash}${where}: ${what}\ntip: height ${r.tip.height} ${r.tip.hash}\n`;
  }
  const span = r.first_height === null ? '' : ` (heights ${r.first_height}..${r.last_height})`;
  return (
    `${file}: ${r.count} headers, ${r.validated} validated${span}: ${r.added} new, ${r.known} already known${r.complete ? '' : ', some rules unchecked'}\n` +
    `best header: height ${r.best_header.height} ${r.best_header.hash}\n` +
    `block tip: height ${r.tip.height} ${r.tip.hash}\n`
  );
}
