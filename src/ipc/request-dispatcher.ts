// Request handling of one handshaken connection: validation, the built-in `ready`, the node's
// handler with many requests in flight, and a response (result or typed error) for every one.
import type { Logger } from '../log/logger.js';
import { isRequestId, type RequestId } from './envelopes.js';
import type { FrameObject } from './frame-decoder.js';
import type { ExpectedInstance } from './instance-registry.js';
import { runRequest, type RequestHandler, type RequestOutcome } from './request-runner.js';

export interface DispatcherDeps {
  instance: ExpectedInstance;
  requestTimeout: number;
  maxInFlight: number;
  log: Logger;
  peer: () => string;
  handler: () => RequestHandler | undefined;
  /** Sends a frame; throws when it cannot be encoded within the frame limit. */
  sendFrame: (envelope: object) => boolean;
  /** Answers an envelope that cannot be correlated with an error envelope. */
  protocolMistake: (message: string) => void;
  onReady: () => void;
}

export class RequestDispatcher {
  private readonly deps: DispatcherDeps;
  private readonly inFlight = new Map<RequestId, AbortController>();

  constructor(deps: DispatcherDeps) {
    this.deps = deps;
  }

  handle(frame: FrameObject): void {
    const { id, method } = frame;
    if (!isRequestId(id)) {
      this.deps.protocolMistake('request without a string or number id');
      return;
    }
    if (typeof method !== 'string' || method.length === 0) {
      this.fail(id, '?', 'invalid_request', 'request has no method');
      return;
    }
    if (this.inFlight.has(id)) {
      this.fail(id, method, 'invalid_request', `request id ${JSON.stringify(id)} is already in flight`);
      return;
    }
    if (this.inFlight.size >= this.deps.maxInFlight) {
      this.fail(id, method, 'rate_limited', `more than ${this.deps.maxInFlight} requests in flight on this connection`);
      return;
    }
    if (method === 'ready') {
      this.respond(id, 'ready', { result: {} });
      this.deps.onReady();
      return;
    }
    const handler = this.deps.handler();
    if (!handler) {
      this.fail(id, method, 'unavailable', `the node does not serve module requests yet (${method})`);
      return;
    }
    this.dispatch(handler, id, method, frame.params ?? {});
  }

  /** The connection ended: handlers are told through their signal, late results are dropped. */
  abortAll(): void {
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
  }

  private dispatch(handler: RequestHandler, id: RequestId, method: string, params: unknown): void {
    const { module, instanceId, capabilities } = this.deps.instance;
    const controller = new AbortController();
    this.inFlight.set(id, controller);
    const ctx = { module, instanceId, capabilities };
    void runRequest(handler, ctx, method, params, this.deps.requestTimeout, controller).then((outcome) => {
      if (this.inFlight.get(id) !== controller) return;
      this.inFlight.delete(id);
      if ('error' in outcome && outcome.error.code === 'internal') {
        this.deps.log.warn('module request failed', { peer: this.deps.peer(), method, reason: outcome.error.message });
      }
      this.respond(id, method, outcome);
    });
  }

  private fail(id: RequestId, method: string, code: 'invalid_request' | 'rate_limited' | 'unavailable', message: string): void {
    this.deps.log.debug('module request refused', { peer: this.deps.peer(), method, code, reason: message });
    this.respond(id, method, { error: { code, message } });
  }

  // A response too large to frame is replaced by an error, so every request still gets an answer.
  private respond(id: RequestId, method: string, outcome: RequestOutcome): void {
    try {
      this.deps.sendFrame({ kind: 'response', id, ...outcome });
    } catch (error) {
      const message = `response to ${method} could not be sent: ${(error as Error).message}`;
      this.deps.log.warn('module response replaced by an error', { peer: this.deps.peer(), method, reason: message });
      this.deps.sendFrame({ kind: 'response', id, error: { code: 'internal', message } });
    }
  }
}
