// Public surface of the module manifest: schema, parsing and loading of module.toml.
export * from './types.js';
export { parseManifest, validateManifestText, type ManifestValidation } from './parse.js';
export { loadManifest, readManifestText } from './load-manifest.js';
export { checkCompatibility, type CompatibilityReport } from './compatibility.js';
export { parseThreshold, manifestThreshold } from './threshold.js';
export { matchesConfigType } from './check-config-schema.js';
export { isInside } from './paths.js';
