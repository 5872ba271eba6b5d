// GET /api/events: replays what the client missed (or the recent log for a new client), then
// the current overview, then live messages until the client goes away.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InspectorBackend } from '../inspector-backend.js';
import type { FeedItem, LiveFeed } from '../live-feed.js';
import { SSE_OVERVIEW } from '../page/protocol.js';
import { SseStream, type SseOptions } from './sse-stream.js';

export async function attachEventStream(
  feed: LiveFeed,
  backend: InspectorBackend,
  req: IncomingMessage,
  res: ServerResponse,
  options: SseOptions,
): Promise<void> {
  const lastId = req.headers['last-event-id'];
  const missed = typeof lastId === 'string' && lastId !== '' ? feed.since(lastId) : null;
  const backlog = missed ?? feed.recent();
  // Live items that arrive while the overview is computed are queued, so nothing is lost or reordered.
  const queued: FeedItem[] = [];
  let stream: SseStream | null = null;
  const unsubscribe = feed.subscribe((item) => (stream ? stream.send(item) : queued.push(item)));
  const overview = await backend.overview().catch((error) => {
    unsubscribe();
    throw error;
  });
  if (req.destroyed || res.destroyed) {
    unsubscribe();
    return;
  }
  stream = new SseStream(res, options, unsubscribe);
  for (const item of backlog) stream.send(item);
  for (const item of queued) stream.send(item);
  stream.send({ id: null, event: SSE_OVERVIEW, data: JSON.stringify(overview) });
}
