// The typed failure of a request to the node (or of the handshake itself).
import { isApiErrorCode, type ApiErrorCode } from '../ipc/api-errors.js';

export class ModuleRequestError extends Error {
  readonly code: ApiErrorCode;
  /** The request's method, or "hello" for a refused handshake. */
  readonly method: string;
  readonly details: string[];
  /** The specific rule the node named (e.g. `conflict` for tx.submit), if any. */
  readonly reason?: string;

  constructor(code: ApiErrorCode, message: string, method: string, details: string[] = [], reason?: string) {
    super(message);
    this.name = 'ModuleRequestError';
    this.code = code;
    this.method = method;
    this.details = details;
    if (reason !== undefined) this.reason = reason;
  }

  /** Builds the error from a wire error body, tolerating malformed ones. */
  static fromWire(body: unknown, method: string): ModuleRequestError {
    const { code, message, details, reason } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    return new ModuleRequestError(
      isApiErrorCode(code) ? code : 'internal',
      typeof message === 'string' ? message : `the node answered ${method} with a malformed error`,
      method,
      Array.isArray(details) ? details.map(String) : [],
      typeof reason === 'string' ? reason : undefined,
    );
  }
}
