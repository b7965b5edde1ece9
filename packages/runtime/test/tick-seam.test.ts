/**
 * The plain tick never meets promotion: the files of the plain tick (running it, its plan, its
 * records and the hook it calls) import nothing from `src/promotion/` and do not name it, and
 * promotion reaches the tick only as a hook (`promotion/hook.ts` is the one promotion module the
 * entry points import).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const src = new URL('../src/', import.meta.url);
const read = (rel: string): string => readFileSync(new URL(rel, src), 'utf8');
const imports = (text: string): string[] => [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1] as string);

describe('the plain tick and promotion are separate places', () => {
  it('the plain tick imports nothing from promotion and never names it', () => {
    const plain = ['execute-tick.ts', 'tick-plan.ts', 'tick-hook.ts', ...readdirSync(new URL('records/', src)).map((f) => `records/${f}`)];
    for (const file of plain) expect(imports(read(file)).filter((i) => i.includes('promotion')), file).toEqual([]);
    // The RunIndex's type lists the refs a reader may meet; the code that runs and seals a tick names none.
    for (const file of ['execute-tick.ts', 'tick-plan.ts', 'tick-hook.ts']) {
      const text = read(file);
      expect(/promotion|metric/i.test(text.replace(/\/\*\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')), `${file} names promotion in code`).toBe(false);
    }
  });

  it('the entry points reach promotion through its hook and its options only', () => {
    for (const file of ['abraxas-tick.ts', 'run-handle.ts']) {
      expect(imports(read(file)).filter((i) => i.includes('promotion')).sort(), file).toEqual(['./promotion/hook.js', './promotion/options.js']);
    }
  });
});
