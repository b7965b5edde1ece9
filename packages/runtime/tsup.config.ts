import { defineConfig } from 'tsup';
import { packageVersionsDefine } from './package-versions.config.js';

// The library: ESM + CJS + declarations. The command: one ESM file with a shebang (the `bin`).
// The two builds run side by side, so neither cleans (one entry each: no stale chunks), and dist is
// never missing while dependents build or test against it. Both compile in the @abraxas/* versions
// a run header records (package-versions.config.ts).
const define = packageVersionsDefine();

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    clean: false,
    target: 'es2022',
    platform: 'node',
    define,
  },
  {
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    banner: { js: '#!/usr/bin/env node' },
    clean: false,
    target: 'es2022',
    platform: 'node',
    define,
  },
]);
