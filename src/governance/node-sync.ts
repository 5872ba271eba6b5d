// One poll of the governance server: every proposal is parsed and verified against the
// node's governance trust (kept when valid, recorded with its reasons when not); every closed
// proposal's result is fetched with the votes and recounted. Returns the node events to publish.
import { BlvmError, errorText } from '../errors.js';
import type { GovernanceClient } from './governance-client.js';
import type { GovernanceNodeStore } from './node-store.js';
import { parseProposal } from './proposal-shape.js';
import { parseResult } from './result-shape.js';
import type { GovernanceTrust, Proposal, Vote } from './types.js';
import { verifyProposal, verifyResult } from './verify-documents.js';
import { parseVote } from './vote-shape.js';

/** Node events to publish, and warnings (`warn: true`) that are only logged. */
export interface SyncEvent {
  type: 'GovernanceProposal' | 'GovernanceResult' | 'GovernanceProposalRejected' | 'GovernanceResultUnreadable';
  payload: Record<string, unknown>;
  warn?: true;
}

async function syncProposal(store: GovernanceNodeStore, trust: GovernanceTrust, raw: unknown, index: number): Promise<SyncEvent | undefined> {
  const id = (raw as { id?: unknown })?.id;
  const name = typeof id === 'string' ? id : `#${index}`;
  let proposal: Proposal;
  try {
    proposal = parseProposal(raw, `proposal ${name}`);
  } catch (error) {
    const reasons = [errorText(error)];
    return (await store.putRejected(name, reasons)) ? { type: 'GovernanceProposalRejected', payload: { id: name, reasons }, warn: true } : undefined;
  }
  const report = verifyProposal(proposal, trust);
  if (!report.ok) {
    return (await store.putRejected(proposal.id, report.problems)) ? { type: 'GovernanceProposalRejected', payload: { id: proposal.id, reasons: report.problems }, warn: true } : undefined;
  }
  const known = await store.proposal(proposal.id);
  await store.putProposal(proposal, report.signers);
  if (known) return undefined;
  const { id: pid, title, kind, subject, choices, opens_at, closes_at } = proposal;
  return { type: 'GovernanceProposal', payload: { id: pid, title, kind, ...(subject ? { subject } : {}), choices, opens_at, closes_at, signers: report.signers } };
}

async function syncResult(store: GovernanceNodeStore, client: GovernanceClient, trust: GovernanceTrust, proposal: Proposal): Promise<SyncEvent | undefined> {
  const raw = await client.result(proposal.id);
  if (raw === undefined) return undefined;
  const result = parseResult(raw, `result of ${proposal.id}`);
  const votes: Vote[] = [];
  for (const v of (await client.votes(proposal.id)).votes) {
    try {
      votes.push(parseVote(v));
    } catch {
      // a malformed vote counts for nobody; the recount below shows any effect on the tally
    }
  }
  const report = verifyResult(result, proposal, votes, trust);
  const before = await store.result(proposal.id);
  await store.putResult({ result, final: report.final, signers: report.signers, problems: report.problems, mismatch: report.mismatch });
  if (before && JSON.stringify(before.result) === JSON.stringify(result)) return undefined;
  return { type: 'GovernanceResult', payload: { proposal: proposal.id, outcome: result.outcome, tally: result.tally, final: report.final, signers: report.signers, mismatch: report.mismatch } };
}

/** Fetches and verifies; throws `unavailable` when the server cannot be reached. */
export async function syncFromServer(store: GovernanceNodeStore, client: GovernanceClient, trust: GovernanceTrust, now = Date.now()): Promise<SyncEvent[]> {
  const events: SyncEvent[] = [];
  const { proposals } = await client.proposals();
  for (const [i, raw] of (Array.isArray(proposals) ? proposals : []).entries()) {
    const event = await syncProposal(store, trust, raw, i);
    if (event) events.push(event);
  }
  for (const { proposal } of await store.proposals()) {
    if (now < Date.parse(proposal.closes_at)) continue;
    const done = await store.result(proposal.id);
    if (done?.final) continue;
    try {
      const event = await syncResult(store, client, trust, proposal);
      if (event) events.push(event);
    } catch (error) {
      if (error instanceof BlvmError && error.code === 'unavailable') throw error;
      events.push({ type: 'GovernanceResultUnreadable', payload: { proposal: proposal.id, reason: errorText(error) }, warn: true });
    }
  }
  return events;
}
