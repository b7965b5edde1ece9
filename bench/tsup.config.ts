import { defineConfig } from 'tsup';

// Two entries: the command (`run`), and the entry point of one case, which the command starts in a
// child process of its own (so each case's memory and JIT state are its own) and which must sit
// next to it in dist/.
export default defineConfig({
  entry: { run: 'src/run.ts', 'case-process': 'src/case-process.ts' },
  format: ['esm'],
  dts: false,
  clean: true,
  target: 'es2022',
  platform: 'node',
});
