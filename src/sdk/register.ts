// Preloaded with `--import` (through NODE_OPTIONS) into every module process the node
// spawns, so that `import { connect } from 'blvm/sdk'` works from any module directory.
import { register } from 'node:module';

register('./resolve-hook.js', import.meta.url);
