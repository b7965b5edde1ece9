import { defineConfig } from 'tsup';

// The library: ESM + CJS + declarations. The command: one ESM file with a shebang (the `bin`).
// Neither build cleans (one entry each: no stale chunks), so dist is never missing while
// dependents build or test against it.
export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    clean: false,
    target: 'es2022',
    platform: 'node',
  },
  {
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    banner: { js: '#!/usr/bin/env node' },
    clean: false,
    target: 'es2022',
    platform: 'node',
  },
]);
