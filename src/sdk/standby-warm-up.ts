// A warm spare's first frame from the node is its welcome, and the module answers it with
// `ready`: the decoding and request-encoding code runs for the first time then, and V8
// compiles each function on its first call. Running the side-effect-free parts once while
// the spare waits to be admitted takes that compilation out of the restart (issue 19).
import { FrameDecoder } from '../ipc/frame-decoder.js';
import { encodeJsonFrame } from '../ipc/frame-encode.js';
import { requestJson } from '../ipc/envelopes.js';
import { PendingRequests } from './pending-requests.js';

const SAMPLE_WELCOME = '{"kind":"welcome","node_version":"0.0.0","protocol":1,"capabilities":[],"instance_id":"warm-up"}';

/** Decodes a sample welcome and opens and encodes a `ready` request in a throwaway table, sending nothing. */
export function warmHandshakePath(maxFrame: number): void {
  const decoder = new FrameDecoder(maxFrame);
  decoder.append(encodeJsonFrame(SAMPLE_WELCOME, maxFrame));
  decoder.next();
  const { id } = new PendingRequests().open('ready');
  requestJson(id, 'ready', {});
}
