// Daemon services in start order (see services.ts).
import type { DaemonService } from './services.js';

export const SERVICE_FACTORIES: (() => DaemonService)[] = [];
