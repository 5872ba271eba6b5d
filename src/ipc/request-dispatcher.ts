// Request handling of one handshaken connection: validation, the built-in `ready`, the node's
// handler with many requests in flight, and a response (result or typed error) for every one.
import type { Logger } from '../log/logger.js';
import { isRequestId, resultResponseJson, type RequestId } from './envelopes.js';
import type { FrameObject } from './frame-decoder.js';
import type { ExpectedInstance } from './instance-registry.js';
import { toApiError } from './api-errors.js';
import { RunningRequest, type RequestHandler, type RequestOutcome } from './request-runner.js';

export interface DispatcherDeps {
  instance: ExpectedInstance;
  requestTimeout: number;
  maxInFlight: number;
  log: Logger;
  peer: () => string;
  handler: () => RequestHandler | undefined;
  /** Sends a frame; throws when it cannot be encoded within the frame limit. */
  sendFrame: (envelope: object) => boolean;
  /** Sends a frame whose payload is already JSON text; throws like sendFrame. */
  sendJson: (json: string) => boolean;
  /** Answers an envelope that cannot be correlated with an error envelope. */
  protocolMistake: (message: string) => void;
  onReady: () => void;
}

export class RequestDispatcher {
  private readonly deps: DispatcherDeps;
  /** In arrival order, which is also deadline order: every request of a connection has the same timeout. */
  private readonly inFlight = new Map<RequestId, RunningRequest>();
  private deadlineTimer: NodeJS.Timeout | undefined;

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
    clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    const requests = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const request of requests) request.abort();
  }

  private dispatch(handler: RequestHandler, id: RequestId, method: string, params: unknown): void {
    const request = new RunningRequest(this.deps.instance, id, method, performance.now() + this.deps.requestTimeout);
    this.inFlight.set(id, request);
    this.armDeadline();
    let handled: Promise<unknown>;
    try {
      handled = handler(request, method, params);
    } catch (error) {
      this.finish(request, { error: toApiError(error) });
      return;
    }
    handled.then(
      (result) => this.finish(request, { result: result === undefined ? null : result }),
      (error: unknown) => this.finish(request, { error: toApiError(error) }),
    );
  }

  // A result that comes after its timeout or after the connection ended is dropped.
  private finish(request: RunningRequest, outcome: RequestOutcome): void {
    if (this.inFlight.get(request.id) !== request) return;
    this.inFlight.delete(request.id);
    if ('error' in outcome && outcome.error.code === 'internal') {
      this.deps.log.warn('module request failed', { peer: this.deps.peer(), method: request.method, reason: outcome.error.message });
    }
    this.respond(request.id, request.method, outcome);
  }

  // One timer for all requests in flight, armed for the oldest one, instead of one timer per request.
  private armDeadline(): void {
    if (this.deadlineTimer !== undefined) return;
    const oldest = this.inFlight.values().next().value;
    if (oldest === undefined) return;
    this.deadlineTimer = setTimeout(this.expire, Math.max(1, Math.ceil(oldest.deadline - performance.now())));
    this.deadlineTimer.unref();
  }

  private readonly expire = (): void => {
    this.deadlineTimer = undefined;
    const now = performance.now();
    for (const request of this.inFlight.values()) {
      if (request.deadline > now) break;
      this.inFlight.delete(request.id);
      this.respond(request.id, request.method, {
        error: { code: 'timeout', message: `request ${request.method} took longer than ${this.deps.requestTimeout} ms` },
      });
      request.abort();
    }
    this.armDeadline();
  };

  private fail(id: RequestId, method: string, code: 'invalid_request' | 'rate_limited' | 'unavailable', message: string): void {
    this.deps.log.debug('module request refused', { peer: this.deps.peer(), method, code, reason: message });
    this.respond(id, method, { error: { code, message } });
  }

  // A response too large to frame is replaced by an error, so every request still gets an answer.
  private respond(id: RequestId, method: string, outcome: RequestOutcome): void {
    try {
      const json = 'result' in outcome ? resultResponseJson(id, outcome.result) : undefined;
      if (json === undefined) this.deps.sendFrame({ kind: 'response', id, ...outcome });
      else this.deps.sendJson(json);
    } catch (error) {
      const message = `response to ${method} could not be sent: ${(error as Error).message}`;
      this.deps.log.warn('module response replaced by an error', { peer: this.deps.peer(), method, reason: message });
      this.deps.sendFrame({ kind: 'response', id, error: { code: 'internal', message } });
    }
  }
}
