// HTTP client of a governance server. Network failures and 5xx answers are `unavailable`
// (worth retrying); a 4xx answer is the server's refusal with its code and message.
import { BlvmError, type ErrorCode } from '../errors.js';
import type { GovernanceResult, Proposal, Vote } from './types.js';

const TIMEOUT_MS = 10_000;
const CODES: ErrorCode[] = ['protocol', 'usage', 'policy_denied', 'not_found', 'conflict'];

export class GovernanceClient {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const url = new URL(path.replace(/^\//, ''), this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const why = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new BlvmError('unavailable', `governance server ${url.origin} is unreachable: ${why} (${method} ${url.pathname})`, { cause: error });
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new BlvmError('unavailable', `${method} ${url.href}: ${res.status}, and the answer is not JSON`);
    }
    if (res.ok) return parsed as T;
    const refusal = parsed as { error?: string; message?: string; details?: string[] };
    const code = res.status < 500 && CODES.includes(refusal.error as ErrorCode) ? (refusal.error as ErrorCode) : 'unavailable';
    throw new BlvmError(code, `governance server: ${refusal.message ?? `${res.status} ${res.statusText}`}`, { details: refusal.details });
  }

  proposals(status?: 'open' | 'closed'): Promise<{ proposals: unknown[] }> {
    return this.call('GET', `/v1/proposals${status ? `?status=${status}` : ''}`);
  }

  proposal(id: string): Promise<unknown> {
    return this.call('GET', `/v1/proposals/${encodeURIComponent(id)}`);
  }

  publish(proposal: Proposal): Promise<{ id: string; signers: string[]; created: boolean }> {
    return this.call('POST', '/v1/proposals', proposal);
  }

  votes(id: string): Promise<{ votes: unknown[] }> {
    return this.call('GET', `/v1/proposals/${encodeURIComponent(id)}/votes`);
  }

  sendVote(vote: Vote): Promise<{ hash: string; duplicate: boolean }> {
    return this.call('POST', `/v1/proposals/${encodeURIComponent(vote.proposal)}/votes`, vote);
  }

  /** The stored result, or undefined while there is none. */
  async result(id: string): Promise<unknown> {
    try {
      return await this.call('GET', `/v1/proposals/${encodeURIComponent(id)}/result`);
    } catch (error) {
      if (error instanceof BlvmError && error.code === 'not_found' && /no result yet/.test(error.message)) return undefined;
      throw error;
    }
  }

  sendResult(result: GovernanceResult): Promise<{ final: boolean; signers: string[] }> {
    return this.call('POST', `/v1/proposals/${encodeURIComponent(result.proposal)}/result`, result);
  }
}
