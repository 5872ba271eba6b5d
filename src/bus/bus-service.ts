// The event bus as a daemon service: node events from the EventHub, module lifecycle events
// from supervisor transitions, module-published events, all sequenced, stored and fanned out.
import { EVENT_ENVELOPE_ROOM } from '../config/checks.js';
import type { DaemonContext, DaemonService } from '../daemon/services.js';
import { NODE_VERSION } from '../version.js';
import { registerBusMethods } from './bus-methods.js';
import { EventBus } from './event-bus.js';
import { registerEventsControl } from './events-control.js';
import { ModuleEventDeriver } from './module-events.js';

export class BusService implements DaemonService {
  readonly name = 'bus';
  private bus: EventBus | undefined;
  private readonly cleanups: (() => void)[] = [];

  /** The running bus (after start). */
  get eventBus(): EventBus {
    if (!this.bus) throw new Error('the event bus is not started');
    return this.bus;
  }

  async start(ctx: DaemonContext): Promise<void> {
    const log = ctx.log.child({ component: 'bus' });
    const bus = new EventBus({ store: ctx.store, socket: ctx.ipc, log, lingerMs: ctx.config.ipc.event_linger });
    this.bus = bus;
    await bus.publish('NodeStarted', 'node', { node_version: NODE_VERSION, network: ctx.config.node.network, pid: process.pid });
    const onDisconnected = ({ instanceId }: { instanceId: string }): void => bus.dropInstance(instanceId);
    const onDrain = ({ instanceId }: { instanceId: string }): void => bus.drained(instanceId);
    ctx.ipc.on('disconnected', onDisconnected);
    ctx.ipc.on('drain', onDrain);
    this.cleanups.push(
      () => ctx.ipc.off('disconnected', onDisconnected),
      () => ctx.ipc.off('drain', onDrain),
      ctx.events.listen((type, payload, origin) => void bus.publish(type, 'node', payload, origin)),
      () => bus.detach(),
      ctx.runtime.recorder.onTransition(new ModuleEventDeriver((type, payload) => ctx.events.publish(type, payload)).onTransition),
    );
    registerBusMethods(ctx.api, bus, Math.min(ctx.config.store.max_event_payload, ctx.ipc.maxFrame - EVENT_ENVELOPE_ROOM));
    registerEventsControl(ctx.control, bus, ctx.store);
  }

  async stop(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}

export function createBusService(): BusService {
  return new BusService();
}
