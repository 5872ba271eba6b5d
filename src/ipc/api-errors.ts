// Typed errors of the module API: what a request handler's failure looks like on the wire.
import { BlvmError, type ErrorCode } from '../errors.js';

export const API_ERROR_CODES = [
  'permission_denied',
  'not_found',
  'invalid_request',
  'unavailable',
  'rate_limited',
  'timeout',
  'internal',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  details?: string[];
  /** The specific rule behind the failure (e.g. the mempool's `conflict`), when the node names one. */
  reason?: string;
}

const FROM_BLVM_CODE: Partial<Record<ErrorCode, ApiErrorCode>> = {
  policy_denied: 'permission_denied',
  not_found: 'not_found',
  usage: 'invalid_request',
  config_invalid: 'invalid_request',
  manifest_invalid: 'invalid_request',
  protocol: 'invalid_request',
  conflict: 'invalid_request',
  unavailable: 'unavailable',
  dependency_failed: 'unavailable',
  timeout: 'timeout',
};

// API codes that have no BlvmError counterpart travel beside the error, keyed by identity.
const explicitCodes = new WeakMap<BlvmError, ApiErrorCode>();

/** A BlvmError that a request handler throws to answer with exactly this API code. */
export function apiError(code: ApiErrorCode, message: string, details?: string[]): BlvmError {
  const error = new BlvmError(toBlvmCode(code), message, { details });
  explicitCodes.set(error, code);
  return error;
}

export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value);
}

/** The wire body for anything a handler threw. */
export function toApiError(error: unknown): ApiErrorBody {
  if (error instanceof BlvmError) {
    const code = explicitCodes.get(error) ?? FROM_BLVM_CODE[error.code] ?? 'internal';
    return {
      code,
      message: error.message,
      ...(error.details.length > 0 ? { details: error.details } : {}),
      ...(error.reason !== undefined ? { reason: error.reason } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: message || 'internal error' };
}

function toBlvmCode(code: ApiErrorCode): ErrorCode {
  switch (code) {
    case 'permission_denied':
      return 'policy_denied';
    case 'invalid_request':
      return 'usage';
    case 'rate_limited':
      return 'unavailable';
    default:
      return code;
  }
}
