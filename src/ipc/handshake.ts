// Validation of the first frame of a module connection.
import type { FrameObject } from './frame-decoder.js';
import type { HelloEnvelope } from './envelopes.js';

export type HelloCheck = { ok: true; hello: HelloEnvelope } | { ok: false; code: 'invalid_request'; reason: string };

/** Checks that a frame is a well-formed hello for this node's protocol version. */
export function checkHello(frame: FrameObject, protocol: number): HelloCheck {
  if (frame.kind !== 'hello') {
    return { ok: false, code: 'invalid_request', reason: `first frame must be a hello, got kind ${JSON.stringify(frame.kind)}` };
  }
  const { module, token } = frame;
  if (typeof module !== 'string' || module.length === 0) {
    return { ok: false, code: 'invalid_request', reason: 'hello has no module name' };
  }
  if (typeof token !== 'string' || token.length === 0) {
    return { ok: false, code: 'invalid_request', reason: 'hello has no token' };
  }
  if (frame.protocol !== protocol) {
    return {
      ok: false,
      code: 'invalid_request',
      reason: `protocol version ${JSON.stringify(frame.protocol)} is not supported (this node speaks ${protocol})`,
    };
  }
  return { ok: true, hello: { kind: 'hello', module, token, protocol } };
}
