/**
 * @abraxas/store-contract — the storage contract's test suite for backends of `ArtifactStore`.
 */
export { describeStoreContract, type ContractBackend } from './suite.js';
export { merkleRoot, recordText, sha256 } from './reference.js';
export { filesOf, treeOf } from './tree.js';
