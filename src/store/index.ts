// Public surface of the node store.
export { openStore } from './open-store.js';
export { LATEST_SCHEMA_VERSION } from './migrations.js';
export { outboxKey } from './sqlite-store.js';
export { storeOptions } from './store-options.js';
export type {
  ListTransitionsQuery,
  ModuleRecord,
  EventsCommittedListener,
  NewEvent,
  NewTransition,
  ReadEventsQuery,
  Store,
  StoredEvent,
  StoredExit,
  StoreHealth,
  StoreOptions,
  TransitionRecord,
} from './types.js';
