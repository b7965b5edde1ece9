// The builds of a package that ships a library and a command: the library as ESM + CJS +
// declarations, the command as one ESM file with a shebang (the package's `bin`). The two builds
// run side by side, so neither cleans (one entry each: no stale chunks), and dist is never missing
// while dependents build or test against it. Owns: those build settings. Must not: name a package.

/**
 * @param {{ library?: string, cli?: string, define?: Record<string, string> }} [o]
 * @returns {import('tsup').Options[]}
 */
export function libraryAndCli(o = {}) {
  const common = { clean: false, target: 'es2022', platform: 'node', ...(o.define === undefined ? {} : { define: o.define }) };
  return [
    { ...common, entry: { index: o.library ?? 'src/index.ts' }, format: ['esm', 'cjs'], dts: { compilerOptions: { ignoreDeprecations: '6.0' } } },
    { ...common, entry: { cli: o.cli ?? 'src/cli.ts' }, format: ['esm'], banner: { js: '#!/usr/bin/env node' } },
  ];
}
