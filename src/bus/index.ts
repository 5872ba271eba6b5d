// Public surface of the event bus.
export { BusService, createBusService } from './bus-service.js';
export { EventBus, DEFAULT_QUEUE_LIMIT, DEFAULT_WINDOW, type EventBusOptions, type SubscribeRequest, type SubscribeResult, type SubscriptionStats, type BusObserver } from './event-bus.js';
export type { BusEvent } from './bus-event.js';
export { ModuleEventDeriver, isCrash } from './module-events.js';
export { registerBusMethods } from './bus-methods.js';
export { registerEventsControl, recentEvents, type EventItem } from './events-control.js';
export { MODULE_EVENT_TYPES, NOTICE_TYPES, checkPublishType, checkTypePattern, isNodeEventType } from './event-types.js';
export { TypeFilter } from './type-filter.js';
