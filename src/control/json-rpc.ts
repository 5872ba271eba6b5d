// JSON-RPC 2.0 shapes and the mapping between its errors and BlvmError.
import { BlvmError, type ErrorCode } from '../errors.js';
import type { FrameObject } from '../ipc/frame-decoder.js';

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INTERNAL_ERROR = -32603;
/** Application error: a handler threw a BlvmError; data carries its code and details. */
export const SERVER_ERROR = -32000;

export type JsonRpcId = string | number | null;

export interface JsonRpcRequest {
  id: JsonRpcId | undefined;
  method: string;
  params: unknown;
}

export interface JsonRpcError {
  code: number;
  message: string;
  data?: { code: ErrorCode; details: string[]; reason?: string };
}

const ERROR_CODES: Record<ErrorCode, true> = {
  config_invalid: true,
  manifest_invalid: true,
  integrity_failed: true,
  signature_failed: true,
  policy_denied: true,
  dependency_failed: true,
  usage: true,
  io: true,
  not_found: true,
  conflict: true,
  unavailable: true,
  timeout: true,
  protocol: true,
  internal: true,
};

export type ParsedRequest = { ok: true; request: JsonRpcRequest } | { ok: false; id: JsonRpcId; error: JsonRpcError };

function isId(value: unknown): value is JsonRpcId {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** Validates one JSON-RPC 2.0 request object (id absent = notification, answered by nothing). */
export function parseRequest(frame: FrameObject): ParsedRequest {
  const id = isId(frame.id) ? frame.id : null;
  const invalid = (message: string): ParsedRequest => ({ ok: false, id, error: { code: INVALID_REQUEST, message } });
  if (frame.jsonrpc !== '2.0') return invalid('invalid request: "jsonrpc" must be "2.0"');
  if ('id' in frame && !isId(frame.id)) return invalid('invalid request: "id" must be a string, number or null');
  if (typeof frame.method !== 'string' || frame.method.length === 0) return invalid('invalid request: "method" must be a non-empty string');
  const { params } = frame;
  if (params !== undefined && (typeof params !== 'object' || params === null)) {
    return invalid('invalid request: "params" must be an object or an array');
  }
  return { ok: true, request: { id: 'id' in frame ? id : undefined, method: frame.method, params } };
}

/** The JSON-RPC error for anything a handler threw. */
export function toJsonRpcError(error: unknown): JsonRpcError {
  if (error instanceof BlvmError) {
    return { code: SERVER_ERROR, message: error.message, data: { code: error.code, details: error.details, ...(error.reason === undefined ? {} : { reason: error.reason }) } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: INTERNAL_ERROR, message: `internal error: ${message}`, data: { code: 'internal', details: [] } };
}

/** Rebuilds a BlvmError from a JSON-RPC error object received by a client. */
export function fromJsonRpcError(value: unknown, method: string): BlvmError {
  const { code, message, data } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const text = typeof message === 'string' ? message : `${method} failed without a message`;
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const details = Array.isArray(d.details) ? d.details.map(String) : [];
  const reason = typeof d.reason === 'string' ? d.reason : undefined;
  if (typeof d.code === 'string' && d.code in ERROR_CODES) return new BlvmError(d.code as ErrorCode, text, { details, reason });
  return new BlvmError(codeFor(code), text, { details, reason });
}

function codeFor(rpcCode: unknown): ErrorCode {
  switch (rpcCode) {
    case METHOD_NOT_FOUND:
      return 'not_found';
    case INVALID_REQUEST:
      return 'usage';
    case PARSE_ERROR:
      return 'protocol';
    default:
      return 'internal';
  }
}
