// V8 fixes how many properties a `net.Socket` keeps inside the object (in-object slack
// tracking) at the seventh socket the process constructs, from the shapes of the sockets still
// alive then. A daemon's first sockets (the bubblewrap probe's pipes, short control connections)
// die one by one, and full collections drop their shapes, so at the seventh V8 saw an empty
// socket and kept no field inside: every later socket (each module's connection and both of its
// output pipes) outgrew the fast-property limit and became a dictionary, ~1.6 KiB of hash table
// per socket instead of its fields, with slower property access on the IPC path.
// Constructing seven plain sockets back to back first fixes the size on a complete socket.
import { Socket } from 'node:net';

/** V8's in-object slack tracking window: constructions after which an instance size is fixed. */
const SLACK_TRACKING_CONSTRUCTIONS = 7;

/** Call before the process makes any socket or pipe of its own. */
export function settleSocketShape(): void {
  for (let i = 0; i < SLACK_TRACKING_CONSTRUCTIONS; i++) new Socket().destroy();
}
