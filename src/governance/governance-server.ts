// `blvm governance serve`: the governance HTTP API over node:http with sqlite storage.
//   GET  /v1/proposals[?status=open|closed]   GET  /v1/proposals/<id>
//   POST /v1/proposals                        (threshold-signed proposal)
//   GET  /v1/proposals/<id>/votes             POST /v1/proposals/<id>/votes
//   GET  /v1/proposals/<id>/result            POST /v1/proposals/<id>/result
// Answers are JSON; refusals are {error, message, details?} with a 4xx status.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BlvmError } from '../errors.js';
import { acceptResult, acceptVote, knownProposal, publishProposal } from './server-actions.js';
import { GovernanceServerDb } from './server-db.js';
import type { GovernanceTrust } from './types.js';
import { proposalStatus } from './vote-rules.js';

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_VOTE_BYTES = 8 * 1024;

const STATUS: Partial<Record<BlvmError['code'], number>> = { protocol: 400, usage: 400, policy_denied: 403, not_found: 404, conflict: 409 };

export interface GovernanceServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = Buffer.from(JSON.stringify(body) + '\n');
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': text.length, 'cache-control': 'no-cache' });
  res.end(text);
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BlvmError('protocol', `request body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new BlvmError('protocol', `request body is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

async function route(db: GovernanceServerDb, trust: GovernanceTrust, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://governance.invalid');
  const parts = url.pathname.split('/').filter((p) => p !== '');
  const method = req.method ?? 'GET';
  if (parts[0] !== 'v1' || parts[1] !== 'proposals' || parts.length > 4) throw new BlvmError('not_found', `no route ${method} ${url.pathname}`);
  const [id, sub] = [parts[2], parts[3]];
  if (id === undefined && method === 'GET') {
    const status = url.searchParams.get('status');
    if (status !== null && status !== 'open' && status !== 'closed') throw new BlvmError('protocol', `status: expected "open" or "closed", got "${status}"`);
    const proposals = (await db.proposals()).filter((p) => status === null || proposalStatus(p.closes_at) === status);
    return send(res, 200, { proposals });
  }
  if (id === undefined && method === 'POST') return send(res, 201, await publishProposal(db, trust, await readJson(req, MAX_BODY_BYTES)));
  if (id !== undefined && sub === undefined && method === 'GET') return send(res, 200, await knownProposal(db, id));
  if (sub === 'votes' && method === 'GET') {
    await knownProposal(db, id);
    return send(res, 200, { votes: await db.votes(id) });
  }
  if (sub === 'votes' && method === 'POST') {
    const accepted = await acceptVote(db, id, await readJson(req, MAX_VOTE_BYTES));
    return send(res, accepted.duplicate ? 200 : 201, accepted);
  }
  if (sub === 'result' && method === 'GET') {
    const result = await db.result((await knownProposal(db, id)).id);
    if (!result) throw new BlvmError('not_found', `proposal ${id} has no result yet`);
    return send(res, 200, result);
  }
  if (sub === 'result' && method === 'POST') return send(res, 200, await acceptResult(db, trust, id, await readJson(req, MAX_BODY_BYTES)));
  throw new BlvmError('not_found', `no route ${method} ${url.pathname}`);
}

/** Serves DIR/governance.sqlite on host:port (port 0 = any free port); resolves once listening. */
export async function serveGovernance(dir: string, host: string, port: number, trust: GovernanceTrust, onRequest?: (line: string) => void): Promise<GovernanceServer> {
  const db = await GovernanceServerDb.open(dir);
  const server = createServer((req, res) => {
    route(db, trust, req, res)
      .then(() => onRequest?.(`${req.method} ${req.url} ${res.statusCode}`))
      .catch((error: unknown) => {
        const status = error instanceof BlvmError ? (STATUS[error.code] ?? 500) : 500;
        const body = error instanceof BlvmError ? { error: error.code, message: error.message, ...(error.details.length ? { details: error.details } : {}) } : { error: 'internal', message: 'internal error' };
        if (!res.headersSent) send(res, status, body);
        else res.destroy();
        onRequest?.(`${req.method} ${req.url} ${status} ${body.message}`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      void db.close();
      reject(new BlvmError('unavailable', `the governance server cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    server,
    async close() {
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await db.close();
    },
  };
}
