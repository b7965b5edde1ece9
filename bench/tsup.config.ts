import { defineConfig } from 'tsup';

// Three entries: the command (`run`), the entry point of one case, which the command starts in a
// child process of its own (so each case's memory and JIT state are its own), and the writer
// process of the store_writers cases; the last two must sit next to `run` in dist/.
export default defineConfig({
  entry: { run: 'src/run.ts', 'case-process': 'src/case-process.ts', 'store-writer': 'src/store-writer.ts' },
  format: ['esm'],
  dts: false,
  clean: true,
  target: 'es2022',
  platform: 'node',
});
