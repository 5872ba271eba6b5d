// One bounded HTTP(S) GET into memory: no redirects, a size cap, an idle timeout, progress
// callbacks, and errors that name the URL and say what went wrong (unreachable, status,
// truncated).
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { BlvmError } from '../errors.js';
import { errnoCode } from '../manifest/paths.js';
import { NODE_VERSION } from '../version.js';

export interface GetOptions {
  maxBytes: number;
  /** Exact size the body must have (from the signed index), if known. */
  expectedSize?: number;
  /** Idle timeout in ms (default 30000). */
  timeoutMs?: number;
  onProgress?: (received: number, total: number | undefined) => void;
}

function request(url: URL, timeoutMs: number): Promise<IncomingMessage> {
  const get = url.protocol === 'https:' ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, headers: { 'user-agent': `blvm/${NODE_VERSION}`, accept: '*/*' } }, resolve);
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', (error) => {
      const code = errnoCode(error);
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

export async function getBytes(url: URL, opts: GetOptions): Promise<Buffer> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const res = await request(url, timeoutMs);
  if (res.statusCode !== 200) {
    res.resume();
    throw statusError(url, res);
  }
  const header = res.headers['content-length'];
  const declared = header === undefined ? undefined : Number(header);
  const total = opts.expectedSize ?? declared;
  const limit = Math.min(opts.maxBytes, opts.expectedSize ?? Number.MAX_SAFE_INTEGER);
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
    throw new BlvmError('io', `truncated download: GET ${url.href} broke off after ${received}${total === undefined ? '' : ` of ${total}`} bytes`, { cause: error });
  }
  if (!res.complete || (declared !== undefined && received < declared) || (opts.expectedSize !== undefined && received < opts.expectedSize)) {
    throw new BlvmError('io', `truncated download: GET ${url.href} ended after ${received}${total === undefined ? '' : ` of ${total}`} bytes`);
  }
  return Buffer.concat(chunks);
}
