// The single publish point of node events inside the daemon; the event bus, the inspector and
// the logs listen here.
import type { NodeEvents } from './services.js';

export type NodeEventListener = (type: string, payload: Record<string, unknown>) => void;

export class EventHub implements NodeEvents {
  private readonly listeners = new Set<NodeEventListener>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  listen(listener: NodeEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(type: string, payload: Record<string, unknown>): void {
    for (const listener of this.listeners) {
      try {
        listener(type, payload);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
