// The node's governance file (data/governance.sqlite): verified proposals and results (usable
// offline), proposals refused with their reasons, and the durable outbox of this node's signed
// votes (queued until the server has them; committed before any send is tried).
import { join } from 'node:path';
import { SqliteDb } from '../store/sqlite.js';
import type { GovernanceResult, Proposal, Vote } from './types.js';

export const NODE_DB_FILE = 'governance.sqlite';

const SCHEMA = `
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TABLE IF NOT EXISTS proposals (id TEXT PRIMARY KEY, json TEXT NOT NULL, signers TEXT NOT NULL, closes_at INTEGER NOT NULL, fetched_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS rejected (id TEXT PRIMARY KEY, reasons TEXT NOT NULL, seen_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS results (proposal TEXT PRIMARY KEY, json TEXT NOT NULL, final INTEGER NOT NULL, signers TEXT NOT NULL, problems TEXT NOT NULL, mismatch TEXT NOT NULL, fetched_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (hash TEXT PRIMARY KEY, proposal TEXT NOT NULL, json TEXT NOT NULL, cast_by TEXT NOT NULL, state TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
`;

export type VoteState = 'queued' | 'delivered' | 'refused';

export interface StoredProposal {
  proposal: Proposal;
  signers: string[];
}

export interface StoredResult {
  result: GovernanceResult;
  final: boolean;
  signers: string[];
  problems: string[];
  /** Differences between the signed tally and the recount of the signed votes. */
  mismatch: string[];
}

export interface OwnVote {
  hash: string;
  vote: Vote;
  /** Module name, or "operator" for `blvm governance vote`. */
  cast_by: string;
  state: VoteState;
  detail: string;
  created_at: number;
}

interface OutboxRow {
  hash: string;
  json: string;
  cast_by: string;
  state: VoteState;
  detail: string;
  created_at: number;
}

const toOwnVote = (r: OutboxRow): OwnVote => ({ hash: r.hash, vote: JSON.parse(r.json) as Vote, cast_by: r.cast_by, state: r.state, detail: r.detail, created_at: r.created_at });

export class GovernanceNodeStore {
  private constructor(private readonly db: SqliteDb) {}

  static async open(dataDir: string): Promise<GovernanceNodeStore> {
    return new GovernanceNodeStore(await SqliteDb.openWithSchema(join(dataDir, NODE_DB_FILE), SCHEMA));
  }

  async proposals(): Promise<StoredProposal[]> {
    const rows = await this.db.all<{ json: string; signers: string }>('SELECT json, signers FROM proposals ORDER BY closes_at, id');
    return rows.map((r) => ({ proposal: JSON.parse(r.json) as Proposal, signers: JSON.parse(r.signers) as string[] }));
  }

  async proposal(id: string): Promise<StoredProposal | undefined> {
    const row = await this.db.get<{ json: string; signers: string }>('SELECT json, signers FROM proposals WHERE id = ?', [id]);
    return row && { proposal: JSON.parse(row.json) as Proposal, signers: JSON.parse(row.signers) as string[] };
  }

  async putProposal(proposal: Proposal, signers: string[]): Promise<void> {
    await this.db.run('DELETE FROM rejected WHERE id = ?', [proposal.id]);
    await this.db.run(
      'INSERT INTO proposals (id, json, signers, closes_at, fetched_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json, signers = excluded.signers, fetched_at = excluded.fetched_at',
      [proposal.id, JSON.stringify(proposal), JSON.stringify(signers), Date.parse(proposal.closes_at), Date.now()],
    );
  }

  async rejected(): Promise<{ id: string; reasons: string[] }[]> {
    const rows = await this.db.all<{ id: string; reasons: string }>('SELECT id, reasons FROM rejected ORDER BY id');
    return rows.map((r) => ({ id: r.id, reasons: JSON.parse(r.reasons) as string[] }));
  }

  /** Records a refused proposal; true when it was not refused for the same reasons before. */
  async putRejected(id: string, reasons: string[]): Promise<boolean> {
    const before = await this.db.get<{ reasons: string }>('SELECT reasons FROM rejected WHERE id = ?', [id]);
    await this.db.run('INSERT INTO rejected (id, reasons, seen_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET reasons = excluded.reasons, seen_at = excluded.seen_at', [id, JSON.stringify(reasons), Date.now()]);
    return before?.reasons !== JSON.stringify(reasons);
  }

  async result(proposal: string): Promise<StoredResult | undefined> {
    const row = await this.db.get<{ json: string; final: number; signers: string; problems: string; mismatch: string }>('SELECT * FROM results WHERE proposal = ?', [proposal]);
    return row && { result: JSON.parse(row.json) as GovernanceResult, final: row.final === 1, signers: JSON.parse(row.signers) as string[], problems: JSON.parse(row.problems) as string[], mismatch: JSON.parse(row.mismatch) as string[] };
  }

  async putResult(r: StoredResult): Promise<void> {
    await this.db.run(
      'INSERT INTO results (proposal, json, final, signers, problems, mismatch, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (proposal) DO UPDATE SET json = excluded.json, final = excluded.final, signers = excluded.signers, problems = excluded.problems, mismatch = excluded.mismatch, fetched_at = excluded.fetched_at',
      [r.result.proposal, JSON.stringify(r.result), r.final ? 1 : 0, JSON.stringify(r.signers), JSON.stringify(r.problems), JSON.stringify(r.mismatch), Date.now()],
    );
  }

  async queueVote(hash: string, vote: Vote, castBy: string): Promise<void> {
    const now = Date.now();
    await this.db.run('INSERT OR IGNORE INTO outbox (hash, proposal, json, cast_by, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [hash, vote.proposal, JSON.stringify(vote), castBy, 'queued', now, now]);
  }

  async markVote(hash: string, state: VoteState, detail = ''): Promise<void> {
    await this.db.run('UPDATE outbox SET state = ?, detail = ?, updated_at = ? WHERE hash = ?', [state, detail, Date.now(), hash]);
  }

  async queuedVotes(): Promise<OwnVote[]> {
    return (await this.db.all<OutboxRow>("SELECT * FROM outbox WHERE state = 'queued' ORDER BY created_at, hash")).map(toOwnVote);
  }

  /** This node's votes, newest first (optionally of one proposal). */
  async ownVotes(proposal?: string): Promise<OwnVote[]> {
    const rows = proposal === undefined
      ? await this.db.all<OutboxRow>('SELECT * FROM outbox ORDER BY created_at DESC, hash')
      : await this.db.all<OutboxRow>('SELECT * FROM outbox WHERE proposal = ? ORDER BY created_at DESC, hash', [proposal]);
    return rows.map(toOwnVote);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
