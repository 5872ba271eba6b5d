// Admitting headers and blocks: each is validated against its parent as the store knows it
// (so every rule has its full context), stored, and a block that gives a chain more work
// than the tip's becomes the tip. Anything that fails a rule is refused and never stored,
// so a corrupted copy of a real block cannot mark that block's hash as bad.
import { isCandidate, moreWork, type IndexEntry } from './block-index.js';
import { activate, currentTip, type WriteTx } from './chain-activation.js';
import type { ChainCore } from './chain-core.js';
import { insertBlockRow, insertHeaderRow } from './chain-rows.js';
import type { Rejection } from './chain-views.js';
import { blockHash, serializeHeader } from './header-codec.js';
import { checkHeader } from './header-rules.js';
import { toDisplayHex } from './hash.js';
import { mainnetParams, regtestParams, testnetParams } from './params.js';
import type { Block, BlockHeader } from './types.js';
import { validateBlock } from './validate-block.js';
import { makeVerdict, type Verdict } from './verdict.js';

export type HeaderOutcome =
  | { kind: 'added' | 'known'; entry: IndexEntry; complete: boolean }
  | { kind: 'rejected'; rejection: Rejection };

export type BlockOutcome =
  | { kind: 'connected' | 'stored' | 'known'; entry: IndexEntry }
  | { kind: 'rejected'; rejection: Rejection };

/** Validates one header against its stored parent and indexes it (known headers are validated too). */
export async function acceptHeader(core: ChainCore, header: BlockHeader, position: number): Promise<HeaderOutcome> {
  const hashBytes = blockHash(header);
  const hash = toDisplayHex(hashBytes);
  const existing = core.index.get(hash);
  const parent = existing ? existing.parent : core.index.get(toDisplayHex(header.prevHash));
  if (parent === undefined) return { kind: 'rejected', rejection: unknownParent(core, position, hash, header) };
  const verdict = makeVerdict(checkHeader(core.params, header, hashBytes, core.index.parentContext(parent), core.now()));
  if (!verdict.valid) return { kind: 'rejected', rejection: rejection(position, hash, parent, verdict) };
  if (existing) return { kind: 'known', entry: existing, complete: verdict.complete };
  const entry = core.index.add({ hash, prev: (parent as IndexEntry).hash, time: header.time, bits: header.bits, seq: core.nextSeq() });
  await insertHeaderRow(core.db, entry, serializeHeader(header));
  return { kind: 'added', entry, complete: verdict.complete };
}

/** Validates a block with full context, stores it, and moves the tip when its chain now has the most work. */
export async function acceptBlock(core: ChainCore, tx: WriteTx, block: Block, raw: Uint8Array, position = 0): Promise<BlockOutcome> {
  const hashBytes = blockHash(block.header);
  const hash = toDisplayHex(hashBytes);
  const existing = core.index.get(hash);
  if (existing?.hasBlock) return { kind: 'known', entry: existing };
  const parent = existing ? existing.parent : core.index.get(toDisplayHex(block.header.prevHash));
  if (parent === undefined) return { kind: 'rejected', rejection: unknownParent(core, position, hash, block.header) };
  const verdict = validateBlock(block, {
    params: core.params,
    now: core.now(),
    height: parent ? parent.height + 1 : 0,
    parent: core.index.parentContext(parent),
    coins: 'at-connect',
  });
  if (!verdict.valid) return { kind: 'rejected', rejection: rejection(position, hash, parent, verdict) };
  let entry = existing;
  if (entry === undefined) {
    entry = core.index.add({ hash, prev: (parent as IndexEntry).hash, time: block.header.time, bits: block.header.bits, seq: core.nextSeq() });
    await insertHeaderRow(core.db, entry, serializeHeader(block.header));
  }
  const connectable = core.index.markBlock(entry, block.transactions.length);
  await insertBlockRow(core.db, entry, raw);
  let best: IndexEntry | null = null;
  for (const c of connectable) if (isCandidate(c) && (best === null || moreWork(c, best))) best = c;
  if (best !== null && best.chainwork > currentTip(core, tx).chainwork) await activate(core, tx, best, new Map([[hash, block]]));
  return { kind: tx.connected.includes(entry) ? 'connected' : 'stored', entry };
}

function unknownParent(core: ChainCore, position: number, hash: string, header: BlockHeader): Rejection {
  const prev = toDisplayHex(header.prevHash);
  const problems = [`its parent ${prev} is not in the chain store; import the headers or blocks before it first`];
  const foreign = foreignGenesis(core, hash, 'it is') ?? foreignGenesis(core, prev, 'its parent is');
  if (foreign) problems.push(foreign);
  return { index: position, hash, height: null, codes: ['prev-blk-not-found'], problems };
}

// Data of another network is the usual reason a header has no parent here: say so.
function foreignGenesis(core: ChainCore, hash: string, subject: string): string | undefined {
  for (const params of [mainnetParams, testnetParams, regtestParams]) {
    if (params.network !== core.params.network && toDisplayHex(params.genesisHash) === hash) {
      return `${subject} the ${params.network} genesis block, and this node's network is ${core.params.network}`;
    }
  }
  return undefined;
}

function rejection(position: number, hash: string, parent: IndexEntry | null, verdict: Verdict): Rejection {
  const failed = verdict.results.flatMap((r) => (r.status === 'fail' ? [r] : []));
  return {
    index: position,
    hash,
    height: parent ? parent.height + 1 : 0,
    codes: failed.map((r) => r.code),
    problems: failed.map((r) => `${r.rule}: ${r.message}`),
  };
}
