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
  /** `data` as JSON text, when the publisher already made it (spliced into the envelope, not serialised again). */
  dataJson?: string;
  /** Cached UTF-8 envelope bytes after `{"kind":"event","subscription":"…",`. */
  tail?: Buffer;
}

/** The part of an event envelope that is the same for every subscriber; encoded once, bytes shared. */
export function eventTail(event: BusEvent): Buffer {
  if (event.tail === undefined) {
    const data = event.dataJson ?? JSON.stringify(event.data === undefined ? null : event.data) ?? 'null';
    const seq = event.seq !== null ? `"seq":${event.seq},` : '';
    const snapshot = event.snapshot ? '"snapshot":true,' : '';
    const text = `"type":${JSON.stringify(event.type)},"source":${JSON.stringify(event.source)},${seq}"at":${event.at},${snapshot}"data":${data}}`;
    event.tail = Buffer.from(text, 'utf8');
    event.dataJson = undefined;
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
