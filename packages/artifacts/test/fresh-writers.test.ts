import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/fs.js';

const script = fileURLToPath(new URL('./fixtures/child-fresh-writers.mjs', import.meta.url));

describe('fresh writers, one batch each', () => {
  // A writer that keeps nothing open holds nothing once it is dropped, even when the loop never
  // yields to the event loop (where a clean-up callback would run). From 1,000 to 4,000 writers a
  // cell kept per writer (about 300 bytes) adds about 900 KB; without, the heap for data moves by
  // a few hundred KB at most (measured 160–310 KB, flat up to 20,000 writers). Each fresh writer
  // creates its lock and temporary files, a few milliseconds on a slow disk: the timeout is wide.
  it('keep no memory per writer in a loop that never yields to the event loop', () => {
    const out = execFileSync(process.execPath, ['--expose-gc', script, tempDir(), '4000', '1000'], { encoding: 'utf8' });
    const { early, end } = JSON.parse(out) as { early: number; end: number };
    expect(end - early).toBeLessThan(600_000);
  }, 300_000);
});
