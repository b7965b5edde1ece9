import { defineConfig } from 'tsup';

// The library: ESM + CJS + declarations.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  clean: false,
  target: 'es2022',
  platform: 'node',
});
