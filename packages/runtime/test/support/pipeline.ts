/**
 * A small deterministic pipeline for tests: each step records what it saw in the context and
 * returns plain data; `failOn` / shadow tasks make chosen ticks fail deterministically.
 * Owns: test pipeline functions. Must not: decide what a test expects.
 */
import type { DeepReadonly } from '@abraxas/ers';
import { Boom } from './vectors.js';

export interface TestContext {
  n: number;
  seen: string[];
}

export function pipeline(opts: { failSignalOn?: readonly number[]; failShadowOn?: readonly number[] } = {}) {
  return (tick: number) => ({
    tick,
    context: { n: tick, seen: [] } as TestContext,
    runSignal: (ctx: TestContext) => {
      ctx.seen.push('signal');
      if (opts.failSignalOn?.includes(tick) === true) throw new Boom();
      return { signal: ctx.n * 2 };
    },
    runCompress: async (ctx: TestContext) => {
      await Promise.resolve();
      ctx.seen.push('compress');
      return { compressed: ctx.n + 1 };
    },
    runOverlay: (ctx: TestContext) => {
      ctx.seen.push('overlay');
      return { overlay: ctx.seen.length };
    },
    runShadowTasks: {
      sei: (ctx: DeepReadonly<TestContext>) => ({ sei: ctx.n }),
      anagram: (ctx: DeepReadonly<TestContext>) => {
        if (opts.failShadowOn?.includes(ctx.n) === true) throw new Boom();
        return { anagram: true };
      },
    },
  });
}
