// The single publish point of node events inside the daemon; the event bus, the inspector and
// the logs listen here.
import type { NodeEvents, PublishOrigin } from './services.js';

export type NodeEventListener = (type: string, payload: Record<string, unknown>, origin?: PublishOrigin) => void;

export class EventHub implements NodeEvents {
  private readonly listeners = new Set<NodeEventListener>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  listen(listener: NodeEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(type: string, payload: Record<string, unknown>, origin?: PublishOrigin): void {
    for (const listener of this.listeners) {
      try {
        listener(type, payload, origin);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
