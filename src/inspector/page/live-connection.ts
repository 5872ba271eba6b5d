// The page's SSE connection. EventSource reconnects by itself and sends Last-Event-ID, so the
// daemon replays what was missed; the page is told when it is live and when it is not.
import type { LiveTransition, LogEntry, Overview } from '../wire-types.js';
import { SSE_LOG, SSE_OVERVIEW, SSE_TRANSITION } from './protocol.js';

export interface LiveHandlers {
  overview(overview: Overview): void;
  transition(live: LiveTransition): void;
  log(entry: LogEntry): void;
  connection(state: 'live' | 'reconnecting'): void;
}

export function connectLive(handlers: LiveHandlers): EventSource {
  const source = new EventSource('/api/events');
  const on = <T>(event: string, fn: (data: T) => void) =>
    source.addEventListener(event, (e) => fn(JSON.parse((e as MessageEvent<string>).data) as T));
  on<Overview>(SSE_OVERVIEW, (o) => {
    handlers.connection('live');
    handlers.overview(o);
  });
  on<LiveTransition>(SSE_TRANSITION, (t) => handlers.transition(t));
  on<LogEntry>(SSE_LOG, (entry) => handlers.log(entry));
  source.addEventListener('error', () => handlers.connection('reconnecting'));
  return source;
}
