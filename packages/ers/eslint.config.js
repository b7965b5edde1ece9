import { base, purity } from '@abraxas/eslint-config';

export default [
  ...base(import.meta.dirname),
  purity,
  // The Node digest is the `node` condition of `#sha256`; it is never part of a browser bundle.
  { files: ['src/hash/sha256-node.ts'], rules: { 'no-restricted-imports': 'off' } },
];
