import { defineConfig } from 'tsup';

// ESM + CJS + declarations. `#sha256` stays an import resolved by package.json `imports`:
// node:crypto under Node, @noble/hashes elsewhere.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    bindings: 'src/bindings-entry.ts',
    promotion: 'src/promotion-entry.ts',
    'sha256-node': 'src/hash/sha256-node.ts',
    'sha256-portable': 'src/hash/sha256-portable.ts',
  },
  format: ['esm', 'cjs'],
  dts: {
    entry: { index: 'src/index.ts', bindings: 'src/bindings-entry.ts', promotion: 'src/promotion-entry.ts' },
    compilerOptions: { ignoreDeprecations: '6.0' },
  },
  external: ['#sha256'],
  splitting: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  sourcemap: false,
});
