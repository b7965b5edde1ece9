import { defineConfig } from 'tsup';

// Two entries: the CLI, and the entry point of one isolated run (a worker thread or a child
// process started by `--isolate` / `--vary-env`), which must sit next to the CLI in dist/.
export default defineConfig({
  entry: { cli: 'src/cli.ts', 'isolated-run': 'src/gate/isolated-run-entry.ts' },
  format: ['esm'],
  dts: false,
  clean: true,
  target: 'es2022',
  platform: 'node',
  banner: { js: '#!/usr/bin/env node' },
  // A devDependency loaded only when no other Chromium is found: resolved at run time, not bundled.
  external: ['@sparticuz/chromium'],
});
