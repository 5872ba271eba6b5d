// Public surface of the node store.
export { openStore } from './open-store.js';
export { LATEST_SCHEMA_VERSION } from './migrations.js';
export type {
  ListTransitionsQuery,
  ModuleRecord,
  NewEvent,
  NewTransition,
  ReadEventsQuery,
  Store,
  StoredEvent,
  StoredExit,
  StoreOptions,
  TransitionRecord,
} from './types.js';
