// "did you mean" hints for misspelt manifest fields and capabilities: the config's matcher.
export { didYouMean as closestMatch, suggestion as didYouMean } from '../config/did-you-mean.js';
