// Who may talk to the inspector. Every request must name this server in `Host` (a page on a
// rebound domain is refused); cross-site fetches are refused; a mutating request must be a
// same-origin POST carrying the actions token.
import type { IncomingMessage } from 'node:http';
import { tokenMatches } from '../token-file.js';
import { TOKEN_HEADER } from '../page/protocol.js';

export interface Refusal {
  status: number;
  message: string;
}

/** The `Host` values this server answers to: its address, plus `localhost` for a loopback one. */
export function allowedHosts(host: string, port: number): Set<string> {
  const bracket = (h: string) => (h.includes(':') ? `[${h}]` : h);
  const names = new Set([bracket(host.toLowerCase())]);
  if (host === 'localhost') ['127.0.0.1', '[::1]'].forEach((n) => names.add(n));
  if (host === '127.0.0.1' || host === '::1') names.add('localhost');
  return new Set([...names].map((n) => `${n}:${port}`));
}

export class RequestGuard {
  constructor(
    private readonly hosts: Set<string>,
    private readonly token: string,
  ) {}

  /** Checks every request: Host, and no cross-site use except navigating to the page itself. */
  checkRead(req: IncomingMessage, path: string): Refusal | null {
    const host = (req.headers.host ?? '').toLowerCase();
    if (!this.hosts.has(host)) {
      return { status: 421, message: `host "${req.headers.host ?? ''}" is not this inspector (expected ${[...this.hosts].join(' or ')})` };
    }
    const site = req.headers['sec-fetch-site'];
    const navigation = req.headers['sec-fetch-mode'] === 'navigate' && path === '/';
    if ((site === 'cross-site' || site === 'same-site') && !navigation) {
      return { status: 403, message: `cross-site requests are refused (sec-fetch-site: ${site})` };
    }
    return null;
  }

  /** Checks a mutating request: POST, same origin as the page, and the right token. */
  checkMutation(req: IncomingMessage): Refusal | null {
    if (req.method !== 'POST') return { status: 405, message: `${req.method} is not allowed here: actions are POST only` };
    const origin = req.headers.origin;
    const expected = `http://${(req.headers.host ?? '').toLowerCase()}`;
    if (origin === undefined) return { status: 403, message: `an Origin header is required (expected ${expected})` };
    if (origin.toLowerCase() !== expected) return { status: 403, message: `origin "${origin}" is not this inspector (expected ${expected})` };
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return { status: 403, message: `only same-origin requests may act (sec-fetch-site: ${site})` };
    const presented = req.headers[TOKEN_HEADER];
    if (!tokenMatches(typeof presented === 'string' ? presented : undefined, this.token)) {
      return { status: 401, message: `missing or wrong actions token (header ${TOKEN_HEADER}; see the token file in the data directory)` };
    }
    return null;
  }
}
