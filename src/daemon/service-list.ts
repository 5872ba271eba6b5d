// Daemon services in start order (see services.ts).
import type { DaemonService } from './services.js';
import { createInspectorService } from '../inspector/inspector-service.js';

export const SERVICE_FACTORIES: (() => DaemonService)[] = [createInspectorService];
