// V8 decides how many properties a `net.Socket` keeps inside the object (in-object slack
// tracking) from the first seven sockets the process constructs. In a daemon whose first
// sockets were its early helpers' pipes and short control connections, every later socket
// (each module's connection and both output pipes) came out in dictionary mode: a ~1.6 KiB
// property hash table per socket instead of ~0.3 KiB of fields, and slower property access on
// the IPC path. Constructing seven plain sockets first settles the shape on a complete socket.
import { Socket } from 'node:net';

/** V8's in-object slack tracking window: constructions after which an instance size is fixed. */
const SLACK_TRACKING_CONSTRUCTIONS = 7;

/** Call before the process makes any socket or pipe of its own. */
export function settleSocketShape(): void {
  for (let i = 0; i < SLACK_TRACKING_CONSTRUCTIONS; i++) new Socket().destroy();
}
