// Text output of the operator's `blvm governance …` commands.
import type { ProposalView } from '../../governance/governance-node.js';
import type { OwnVote, StoredResult } from '../../governance/node-store.js';

export function formatProposalLine(p: ProposalView, votes: OwnVote[]): string {
  const mine = votes.find((v) => v.vote.proposal === p.id);
  const vote = mine ? `  voted ${mine.vote.choice} (${mine.state})` : '';
  return `${p.id.padEnd(28)} ${p.status.padEnd(6)} ${p.kind.padEnd(15)} closes ${p.closes_at}  ${p.title}${vote}\n`;
}

export function formatProposal(p: ProposalView, votes: OwnVote[]): string {
  const lines = [
    `${p.id}: ${p.title}`,
    `  kind:       ${p.kind}${p.subject ? ` ${JSON.stringify(p.subject)}` : ''}`,
    `  status:     ${p.status} (${p.opens_at} → ${p.closes_at})`,
    `  choices:    ${p.choices.join(', ')}`,
    `  passes if:  "${p.pass.choice}" has at least ${Math.round(p.pass.min_share * 1000) / 10}% of counted votes, quorum ${p.quorum}`,
    `  electorate: ${p.electorate === 'any' ? 'any node' : `${p.electorate.length} node key(s)`}`,
    `  signed by:  ${p.signers.join(', ')}`,
    '',
    ...p.description.split('\n').map((l) => `  ${l}`),
  ];
  for (const v of votes) lines.push(`  this node voted ${v.vote.choice} at ${v.vote.cast_at} via ${v.cast_by}: ${v.state}${v.detail ? ` (${v.detail})` : ''}`);
  return lines.join('\n') + '\n';
}

export function formatResult(id: string, r: StoredResult | { result: null; final: false }): string {
  if (r.result === null) return `${id}: no result yet\n`;
  const stored = r as StoredResult;
  const tally = Object.entries(stored.result.tally).map(([c, n]) => `${c} ${n}`).join(', ');
  const lines = [`${id}: ${stored.result.outcome} (${tally}; ${stored.result.counted.length} vote(s) counted)`];
  lines.push(stored.final ? `  final: signed by ${stored.signers.join(', ')}` : `  NOT FINAL: ${stored.problems.join('; ')}`);
  if (stored.mismatch.length > 0) lines.push('  MISMATCH with the signed votes:', ...stored.mismatch.map((m) => `    ${m}`));
  return lines.join('\n') + '\n';
}
