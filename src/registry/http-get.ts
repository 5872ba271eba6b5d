// One bounded HTTP(S) GET into memory: no redirects, a size cap, an idle timeout, an overall
// deadline, progress callbacks, and errors that name the URL and say what went wrong
// (unreachable, no answer, too slow, status, truncated).
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { BlvmError } from '../errors.js';
import { errnoCode } from '../manifest/paths.js';
import { NODE_VERSION } from '../version.js';

export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
export const DEFAULT_DEADLINE_MS = 60_000;

export interface GetOptions {
  maxBytes: number;
  /** Exact size the body must have (from the signed index), if known. */
  expectedSize?: number;
  /** Longest silence of the connection in ms (default 30000). */
  timeoutMs?: number;
  /** Longest time in ms from connecting to the last byte (default 60000; [registry] deadline). */
  deadlineMs?: number;
  onProgress?: (received: number, total: number | undefined) => void;
}

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;

/** Ends the request at the deadline; `expired` and `idle` tell the error handlers which limit ended it. */
class Deadline {
  expired = false;
  idle = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly ms: number,
    private readonly onExpire: () => void,
  ) {
    this.timer = setTimeout(() => {
      this.expired = true;
      this.onExpire();
    }, ms);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

function request(url: URL, idleMs: number, deadlineMs: number): Promise<{ res: IncomingMessage; deadline: Deadline }> {
  const get = url.protocol === 'https:' ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, headers: { 'user-agent': `blvm/${NODE_VERSION}`, accept: '*/*' } }, (res) => resolve({ res, deadline }));
    const deadline = new Deadline(deadlineMs, () => req.destroy(new Error('deadline')));
    req.setTimeout(idleMs, () => {
      deadline.idle = true;
      req.destroy(new Error('idle'));
    });
    req.on('error', (error) => {
      deadline.clear();
      const code = errnoCode(error);
      if (deadline.expired || deadline.idle) {
        const ms = deadline.expired ? deadlineMs : idleMs;
        reject(new BlvmError('unavailable', `registry ${url.origin} sent no answer within ${seconds(ms)} (GET ${url.href})`, { cause: error }));
        return;
      }
      const why = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' ? 'host not found' : (code ?? error.message);
      reject(new BlvmError('unavailable', `registry ${url.origin} is unreachable: ${why} (GET ${url.href})`, { cause: error }));
    });
  });
}

function statusError(url: URL, res: IncomingMessage): BlvmError {
  const status = `${res.statusCode} ${res.statusMessage ?? ''}`.trim();
  if (res.statusCode === 404) return new BlvmError('not_found', `GET ${url.href}: ${status} (the registry has no such file)`);
  if (res.statusCode !== undefined && res.statusCode >= 300 && res.statusCode < 400) {
    return new BlvmError('unavailable', `GET ${url.href}: ${status} redirect to ${res.headers.location ?? '?'}; registries are fetched without redirects`);
  }
  return new BlvmError('unavailable', `GET ${url.href}: ${status}`);
}

// The body, chunk by chunk, within the size limit; a failure says which limit ended it.
async function readBody(url: URL, res: IncomingMessage, deadline: Deadline, opts: GetOptions, idleMs: number): Promise<Buffer> {
  const header = res.headers['content-length'];
  const declared = header === undefined ? undefined : Number(header);
  const total = opts.expectedSize ?? declared;
  const limit = Math.min(opts.maxBytes, opts.expectedSize ?? Number.MAX_SAFE_INTEGER);
  const of = total === undefined ? '' : ` of ${total}`;
  if (declared !== undefined && declared > limit) {
    res.destroy();
    throw new BlvmError('integrity_failed', `GET ${url.href}: the server announces ${declared} bytes, more than the ${limit} expected`);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of res) {
      received += (chunk as Buffer).length;
      if (received > limit) {
        res.destroy();
        throw new BlvmError('integrity_failed', `GET ${url.href}: more than the ${limit} bytes expected`);
      }
      chunks.push(chunk as Buffer);
      opts.onProgress?.(received, total);
    }
  } catch (error) {
    if (error instanceof BlvmError) throw error;
    if (deadline.expired) {
      throw new BlvmError('unavailable', `GET ${url.href}: the download did not finish within ${seconds(deadline.ms)} (${received}${of} bytes received; [registry] deadline)`, { cause: error });
    }
    if (deadline.idle) {
      throw new BlvmError('unavailable', `GET ${url.href}: no data for ${seconds(idleMs)} after ${received}${of} bytes`, { cause: error });
    }
    throw new BlvmError('io', `truncated download: GET ${url.href} broke off after ${received}${of} bytes`, { cause: error });
  }
  if (!res.complete || (declared !== undefined && received < declared) || (opts.expectedSize !== undefined && received < opts.expectedSize)) {
    throw new BlvmError('io', `truncated download: GET ${url.href} ended after ${received}${of} bytes`);
  }
  return Buffer.concat(chunks);
}

export async function getBytes(url: URL, opts: GetOptions): Promise<Buffer> {
  const idleMs = opts.timeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const { res, deadline } = await request(url, idleMs, opts.deadlineMs ?? DEFAULT_DEADLINE_MS);
  try {
    if (res.statusCode !== 200) {
      res.resume();
      throw statusError(url, res);
    }
    return await readBody(url, res, deadline, opts, idleMs);
  } finally {
    deadline.clear();
  }
}
