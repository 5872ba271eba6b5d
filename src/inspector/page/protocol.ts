// Constants shared by the daemon and the page (browser-safe: no imports).

/** What the page's buttons may ask of a module (POST /api/modules/<name>/<action>). */
export const INSPECTOR_ACTIONS = ['start', 'stop', 'restart', 'release'] as const;
export type InspectorAction = (typeof INSPECTOR_ACTIONS)[number];

/** Header carrying the actions token; a custom header also forces a CORS preflight cross-site. */
export const TOKEN_HEADER = 'x-blvm-token';

/** SSE event names. */
export const SSE_OVERVIEW = 'overview';
export const SSE_TRANSITION = 'transition';
export const SSE_LOG = 'log';
