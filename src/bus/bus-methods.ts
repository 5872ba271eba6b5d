// The module API methods of the event bus: subscribe, unsubscribe, ack, publish.
import type { ApiRegistry } from '../daemon/services.js';
import { apiError } from '../ipc/api-errors.js';
import { optionalBoolean, optionalInteger, optionalString, optionalStringArray, paramsOf, requiredString, type Params } from '../api/params.js';
import { checkPublishType, checkTypePattern } from './event-types.js';
import type { EventBus, SubscribeRequest } from './event-bus.js';

const SUBSCRIPTION_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
export const MAX_QUEUE_LIMIT = 100_000;
export const MAX_WINDOW = 10_000;

/** `maxPayload`: the largest `data` (JSON bytes) a module may publish (`[store] max_event_payload`). */
export function registerBusMethods(api: ApiRegistry, bus: EventBus, maxPayload: number): void {
  api.register('events.subscribe', {
    capability: 'subscribe_events',
    handler: (ctx, params) => bus.subscribe(subscribeRequest(ctx.module, ctx.instanceId, params, bus.lastSeq)),
  });
  api.register('events.unsubscribe', {
    capability: 'subscribe_events',
    handler: async (ctx, params) => {
      const p = paramsOf('events.unsubscribe', params, ['subscription']);
      bus.unsubscribe(ctx.instanceId, requiredString('events.unsubscribe', p, 'subscription'));
      return {};
    },
  });
  api.register('events.ack', {
    capability: 'subscribe_events',
    handler: async (ctx, params) => {
      const p = paramsOf('events.ack', params, ['subscription', 'seq']);
      const subscription = requiredString('events.ack', p, 'subscription');
      const seq = optionalInteger('events.ack', p, 'seq', 0, Number.MAX_SAFE_INTEGER);
      if (seq === undefined) throw apiError('invalid_request', 'events.ack: "seq" is required');
      return { acked: bus.ack(ctx.instanceId, subscription, seq) };
    },
  });
  api.register('events.publish', {
    capability: 'publish_events',
    handler: async (ctx, params) => {
      const p = paramsOf('events.publish', params, ['type', 'data']);
      const type = checkPublishType(ctx.module, p.type);
      const data = p.data ?? null;
      const json = JSON.stringify(data);
      const size = Buffer.byteLength(json, 'utf8');
      if (size > maxPayload) {
        throw apiError('invalid_request', `events.publish: "data" is ${size} bytes, over the event payload limit of ${maxPayload} bytes ([store] max_event_payload)`, [
          `size: ${size}`,
          `limit: ${maxPayload}`,
        ]);
      }
      // Answered only once the event is committed: an acknowledged publish survives a kill of the node.
      const seq = await bus.publish(type, ctx.module, data, {}, json);
      if (seq !== null) await bus.committed(seq);
      return { type, seq };
    },
  });
}

function subscribeRequest(module: string, instanceId: string, params: unknown, lastSeq: number): SubscribeRequest {
  const m = 'events.subscribe';
  const p = paramsOf(m, params, ['types', 'durable', 'name', 'from', 'queue_limit', 'window']);
  const types = (optionalStringArray(m, p, 'types', 100) ?? []).map((t) => checkTypePattern(m, t));
  const durable = optionalBoolean(m, p, 'durable') ?? false;
  const name = optionalString(m, p, 'name', SUBSCRIPTION_NAME, 'letters, digits, "_", "-" or "." (1 to 64)');
  const window = optionalInteger(m, p, 'window', 1, MAX_WINDOW);
  if (!durable) {
    for (const field of ['name', 'from', 'window'] as const) {
      if (p[field] !== undefined) throw apiError('invalid_request', `${m}: "${field}" applies only to durable subscriptions ("durable": true)`);
    }
  }
  return {
    module,
    instanceId,
    types,
    durable,
    name: name ?? 'default',
    from: durable ? readFrom(p, lastSeq) : undefined,
    queueLimit: optionalInteger(m, p, 'queue_limit', 1, MAX_QUEUE_LIMIT),
    window,
  };
}

function readFrom(p: Params, lastSeq: number): SubscribeRequest['from'] {
  const from = p.from;
  if (from === undefined || from === 'oldest' || from === 'next') return from;
  if (typeof from === 'number' && Number.isInteger(from) && from >= 1 && from <= lastSeq + 1) return from;
  throw apiError(
    'invalid_request',
    `events.subscribe: "from" must be "oldest", "next" or a sequence number from 1 to ${lastSeq + 1}, got ${JSON.stringify(from)}`,
  );
}
