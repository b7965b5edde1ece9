/**
 * @abraxas/internal — what the published packages share and do not publish: value predicates,
 * code-point order, value descriptions for error messages, the unknown-option-key rule and the deep
 * read-only view. Private:
 * each package bundles it at build time (a devDependency, inlined by tsup), so none of it is part
 * of any package's public API.
 */
export { compareCodePoints } from './code-point.js';
export { describeValue } from './describe-value.js';
export { didYouMean, editDistance, optionKeys, unknownKeyRule } from './option-keys.js';
export { isNonNegativeSafeInt, isPlainObject, isRevokedProxy, isWellFormed, isWellFormedPortable } from './predicates.js';
export { readOnlyView } from './read-only-view.js';
