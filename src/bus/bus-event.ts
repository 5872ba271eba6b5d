// One event as the bus carries it, and its wire encoding (shared by every subscriber).
export interface BusEvent {
  /** Position in the node's event log; null only when the store could not take it. */
  seq: number | null;
  at: number;
  type: string;
  /** `node`, or the publishing module's name. */
  source: string;
  data: unknown;
  /** A `ModuleLoaded` describing a module loaded before the subscription began. */
  snapshot?: boolean;
  /** Cached UTF-8 envelope bytes after `{"kind":"event","subscription":"…",`. */
  tail?: Buffer;
}

/** The part of an event envelope that is the same for every subscriber; encoded once, bytes shared. */
export function eventTail(event: BusEvent): Buffer {
  if (event.tail === undefined) {
    const body: Record<string, unknown> = { type: event.type, source: event.source };
    if (event.seq !== null) body.seq = event.seq;
    body.at = event.at;
    if (event.snapshot) body.snapshot = true;
    body.data = event.data === undefined ? null : event.data;
    event.tail = Buffer.from(JSON.stringify(body).slice(1), 'utf8');
  }
  return event.tail;
}

/** The per-subscription start of every event envelope. Subscription ids are plain `s<n>`, safe to splice. */
export function envelopeHead(subscription: string): Buffer {
  return Buffer.from(`{"kind":"event","subscription":"${subscription}",`, 'utf8');
}

/** A notice about the subscription itself (`EventsDropped`, `EventsGap`): no seq, source node. */
export function noticeEvent(type: string, data: Record<string, unknown>): BusEvent {
  return { seq: null, at: Date.now(), type, source: 'node', data };
}
