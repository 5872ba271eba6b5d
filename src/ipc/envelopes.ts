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
  type: string;
  data?: unknown;
  seq?: number;
  [extra: string]: unknown;
}

export interface InvokeEnvelope {
  kind: 'invoke';
  id: RequestId;
  method: string;
  params: unknown;
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
