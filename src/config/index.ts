// Public surface of the node configuration layer.
export type * from './types.js';
export { KNOWN_CAPABILITIES } from './types.js';
export { parseConfig, defaultConfig } from './parse-config.js';
export { resolveConfigPath, loadConfig, locateConfig, type ConfigSource, type ConfigLocationOptions } from './load-config.js';
export { parseDuration, parseFineDuration, formatDuration } from './durations.js';
export { parseSize, formatSize } from './sizes.js';
export { parseThreshold, formatThreshold } from './threshold.js';
export { parseListen, type ListenAddress } from './listen.js';
export { parsePublicKey } from './trusted-keys.js';
export { didYouMean, editDistance, suggestion } from './did-you-mean.js';
export { SCHEMA, SUPERVISION_SCHEMA, LIMITS_SCHEMA, SUPPORTED_DATABASE_BACKENDS } from './schema.js';
export { OVERRIDE_KEYS } from './module-overrides.js';
export { MODULE_NAME } from './fields.js';
