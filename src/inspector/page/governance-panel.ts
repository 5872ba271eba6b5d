// The read-only governance panel: open proposals and this node's votes (GET /api/governance).
import type { GovernanceView } from '../../governance/governance-view.js';
import { byId, h, replaceChildren } from './dom.js';

const REFRESH_MS = 5000;

function render(view: GovernanceView): void {
  replaceChildren(
    byId('governance-proposals'),
    ...(view.proposals.length === 0 ? [h('li', { class: 'muted' }, 'no open proposals')] : view.proposals.map((p) => h('li', { 'data-proposal': p.id }, h('strong', {}, p.id), ` ${p.title} (${p.kind}, closes ${p.closes_at}, signed by ${p.signers.join(', ')})`))),
    ...view.rejected.map((r) => h('li', { class: 'problem' }, `refused ${r.id}: ${r.reasons.join('; ')}`)),
  );
  replaceChildren(
    byId('governance-votes'),
    ...(view.votes.length === 0 ? [h('li', { class: 'muted' }, 'this node has not voted')] : view.votes.map((v) => h('li', { 'data-vote': v.proposal }, `${v.proposal}: ${v.choice} by ${v.cast_by} at ${v.cast_at} — ${v.state}${v.detail ? ` (${v.detail})` : ''}`))),
  );
}

async function refresh(): Promise<void> {
  const res = await fetch('/api/governance', { headers: { accept: 'application/json' } });
  if (res.ok) render((await res.json()) as GovernanceView);
}

export function startGovernancePanel(): void {
  void refresh().catch(() => undefined);
  window.setInterval(() => void refresh().catch(() => undefined), REFRESH_MS);
}
