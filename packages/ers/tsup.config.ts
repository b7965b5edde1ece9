import { defineConfig, type Options } from 'tsup';

const entry = {
  index: 'src/index.ts',
  promotion: 'src/promotion-entry.ts',
  'sha256-node': 'src/hash/sha256-node.ts',
  'sha256-portable': 'src/hash/sha256-portable.ts',
};

const common: Options = {
  entry,
  // `#sha256` stays an import resolved by package.json `imports`: node:crypto under Node,
  // @noble/hashes elsewhere.
  external: ['#sha256'],
  splitting: true,
  target: 'es2022',
  platform: 'neutral',
  sourcemap: false,
};

export default defineConfig([
  // ESM + declarations.
  {
    ...common,
    format: ['esm'],
    clean: true,
    dts: {
      entry: { index: 'src/index.ts', promotion: 'src/promotion-entry.ts' },
      compilerOptions: { ignoreDeprecations: '6.0' },
    },
  },
  // CommonJS, for `require` callers that cannot load ESM (Jest): @noble/hashes 2 is ESM-only, so it
  // is bundled into this build's portable digest; a host without a global `TextEncoder` (Jest's
  // jsdom) gets a portable one (src/cjs/text-encoder.ts).
  {
    ...common,
    format: ['cjs'],
    clean: false,
    dts: {
      entry: { index: 'src/index.ts', promotion: 'src/promotion-entry.ts' },
      compilerOptions: { ignoreDeprecations: '6.0' },
    },
    noExternal: ['@noble/hashes'],
    inject: ['src/cjs/text-encoder.ts'],
  },
]);
