// One error class for the whole project: a stable code, a message that names the
// offending file/field/value, optional details (e.g. every validation problem) and a cause.
export type ErrorCode =
  | 'config_invalid'
  | 'manifest_invalid'
  | 'integrity_failed'
  | 'signature_failed'
  | 'policy_denied'
  | 'dependency_failed'
  | 'usage'
  | 'io'
  | 'not_found'
  | 'conflict'
  | 'unavailable'
  | 'timeout'
  | 'protocol'
  | 'internal';

export class BlvmError extends Error {
  readonly code: ErrorCode;
  readonly details: string[];
  /** The specific rule behind the failure, for callers that act on it (e.g. the mempool's `conflict`). */
  readonly reason?: string;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: string[]; reason?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BlvmError';
    this.code = code;
    this.details = options.details ?? [];
    if (options.reason !== undefined) this.reason = options.reason;
  }

  /** Message plus every detail line, as shown to operators. */
  describe(): string {
    return this.details.length === 0 ? this.message : [this.message, ...this.details.map((d) => `  - ${d}`)].join('\n');
  }
}

export function isBlvmError(error: unknown): error is BlvmError {
  return error instanceof BlvmError;
}

/** Text of any thrown value, for logs and error records. */
export function errorText(error: unknown): string {
  if (error instanceof BlvmError) return error.describe();
  if (error instanceof Error) return error.message;
  return String(error);
}
