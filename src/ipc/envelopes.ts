// Envelope shapes of the module socket (docs/ipc-protocol.md is the normative description).
import type { ApiErrorBody } from './api-errors.js';

export type RequestId = string | number;
export type ModuleLogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';
export const MODULE_LOG_LEVELS: readonly ModuleLogLevel[] = ['error', 'warn', 'info', 'debug', 'trace'];

export interface HelloEnvelope {
  kind: 'hello';
  module: string;
  token: string;
  protocol: number;
}

export interface WelcomeEnvelope {
  kind: 'welcome';
  node_version: string;
  protocol: number;
  capabilities: string[];
  instance_id: string;
}

export interface ErrorEnvelope {
  kind: 'error';
  error: ApiErrorBody;
}

export interface RequestEnvelope {
  kind: 'request';
  id: RequestId;
  method: string;
  params: unknown;
}

export type ResponseEnvelope =
  | { kind: 'response'; id: RequestId; result: unknown }
  | { kind: 'response'; id: RequestId; error: ApiErrorBody };

export interface EventEnvelope {
  kind: 'event';
  /** The subscription this delivery belongs to (`events.subscribe` result). */
  subscription?: string;
  type: string;
  /** `node`, or the name of the module that published it. */
  source?: string;
  data?: unknown;
  /** Position in the node's event log; absent for snapshot events and notices. */
  seq?: number;
  /** Epoch milliseconds at which the node published it. */
  at?: number;
  /** True for the `ModuleLoaded` events that describe modules loaded before the subscription. */
  snapshot?: boolean;
  [extra: string]: unknown;
}

export interface InvokeEnvelope {
  kind: 'invoke';
  id: RequestId;
  method: string;
  params: unknown;
  /** For module API calls: the name of the calling module. */
  caller?: string;
}

export type InvokeResultEnvelope =
  | { kind: 'invoke_result'; id: RequestId; result: unknown }
  | { kind: 'invoke_result'; id: RequestId; error: ApiErrorBody };

export interface LogEnvelope {
  kind: 'log';
  level: ModuleLogLevel;
  message: string;
}

export interface PingEnvelope {
  kind: 'ping';
  id: number;
}

export interface PongEnvelope {
  kind: 'pong';
  id: number;
}

export interface ShutdownEnvelope {
  kind: 'shutdown';
  reason: string;
}

export function isRequestId(value: unknown): value is RequestId {
  return (typeof value === 'string' && value.length > 0) || (typeof value === 'number' && Number.isFinite(value));
}

export function isModuleLogLevel(value: unknown): value is ModuleLogLevel {
  return typeof value === 'string' && (MODULE_LOG_LEVELS as readonly string[]).includes(value);
}

export function errorEnvelope(error: ApiErrorBody): ErrorEnvelope {
  return { kind: 'error', error };
}

/**
 * The JSON text of `{ kind: 'response', id, result }` (the same text JSON.stringify gives it),
 * built around the result's own text; undefined when the result has no JSON form.
 */
export function resultResponseJson(id: RequestId, result: unknown): string | undefined {
  const body = JSON.stringify(result);
  if (body === undefined) return undefined;
  return `{"kind":"response","id":${idJson(id)},"result":${body}}`;
}

/** The JSON text of `{ kind: 'request', id, method, params }`, like resultResponseJson. */
export function requestJson(id: RequestId, method: string, params: unknown): string | undefined {
  const body = JSON.stringify(params);
  if (body === undefined) return undefined;
  return `{"kind":"request","id":${idJson(id)},"method":${JSON.stringify(method)},"params":${body}}`;
}

// A finite number's JSON text is its string form; -0 included ("0" both ways).
function idJson(id: RequestId): string {
  return typeof id === 'number' ? String(id) : JSON.stringify(id);
}
