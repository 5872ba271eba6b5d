// The governance server's sqlite file (DIR/governance.sqlite): published proposals, every
// accepted vote, and the maintainers' result per proposal. Documents are stored as received.
import { join } from 'node:path';
import { SqliteDb } from '../store/sqlite.js';
import { voteHash } from './canonical-forms.js';
import type { GovernanceResult, Proposal, Vote } from './types.js';

export const SERVER_DB_FILE = 'governance.sqlite';

const SCHEMA = `
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS proposals (id TEXT PRIMARY KEY, json TEXT NOT NULL, closes_at INTEGER NOT NULL, published_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS votes (hash TEXT PRIMARY KEY, proposal TEXT NOT NULL, voter TEXT NOT NULL, json TEXT NOT NULL, received_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS votes_by_proposal ON votes (proposal, voter);
CREATE TABLE IF NOT EXISTS results (proposal TEXT PRIMARY KEY, json TEXT NOT NULL);
`;

export class GovernanceServerDb {
  private constructor(private readonly db: SqliteDb) {}

  static async open(dir: string): Promise<GovernanceServerDb> {
    return new GovernanceServerDb(await SqliteDb.openWithSchema(join(dir, SERVER_DB_FILE), SCHEMA));
  }

  async proposals(): Promise<Proposal[]> {
    const rows = await this.db.all<{ json: string }>('SELECT json FROM proposals ORDER BY closes_at, id');
    return rows.map((r) => JSON.parse(r.json) as Proposal);
  }

  async proposal(id: string): Promise<Proposal | undefined> {
    const row = await this.db.get<{ json: string }>('SELECT json FROM proposals WHERE id = ?', [id]);
    return row && (JSON.parse(row.json) as Proposal);
  }

  async putProposal(proposal: Proposal): Promise<void> {
    await this.db.run(
      'INSERT INTO proposals (id, json, closes_at, published_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json',
      [proposal.id, JSON.stringify(proposal), Date.parse(proposal.closes_at), Date.now()],
    );
  }

  async votes(proposal: string): Promise<Vote[]> {
    const rows = await this.db.all<{ json: string }>('SELECT json FROM votes WHERE proposal = ? ORDER BY received_at, hash', [proposal]);
    return rows.map((r) => JSON.parse(r.json) as Vote);
  }

  /** Stores a vote; false when the very same vote is already there. */
  async addVote(vote: Vote): Promise<boolean> {
    const r = await this.db.run('INSERT OR IGNORE INTO votes (hash, proposal, voter, json, received_at) VALUES (?, ?, ?, ?, ?)', [voteHash(vote), vote.proposal, vote.voter, JSON.stringify(vote), Date.now()]);
    return r.changes === 1;
  }

  async result(proposal: string): Promise<GovernanceResult | undefined> {
    const row = await this.db.get<{ json: string }>('SELECT json FROM results WHERE proposal = ?', [proposal]);
    return row && (JSON.parse(row.json) as GovernanceResult);
  }

  async putResult(result: GovernanceResult): Promise<void> {
    await this.db.run('INSERT INTO results (proposal, json) VALUES (?, ?) ON CONFLICT (proposal) DO UPDATE SET json = excluded.json', [result.proposal, JSON.stringify(result)]);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
