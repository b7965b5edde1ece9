/**
 * Shadow tasks and metric tasks (a metric in the shadow lane reads a view of the shadow view) read
 * Maps, Sets, Dates and RegExps as forecast steps do, and cannot write them.
 */
import { describe, expect, it } from 'vitest';
import { abraxasTick, type DeepReadonly } from '../src/index.js';
import { tempDir } from './support/fs.js';

function context() {
  const key = { id: 7 };
  return {
    key,
    lookup: new Map([
      ['a', { v: 1 }],
      ['b', { v: 2 }],
    ]),
    members: new Set([key]),
    at: new Date(Date.UTC(2021, 5, 1)),
    pattern: /b/,
  };
}
type Ctx = ReturnType<typeof context>;

const read = (c: DeepReadonly<Ctx>): unknown => ({
  sum: [...c.lookup.values()].reduce((a, x) => a + x.v, 0),
  keys: [...c.lookup.keys()],
  member: c.members.has(c.key),
  year: c.at.getUTCFullYear(),
  match: c.pattern.test('abc'),
});
const expected = { sum: 3, keys: ['a', 'b'], member: true, year: 2021, match: true };

describe('shadow tasks and metrics read what forecast steps read', () => {
  it('abraxasTick: a step, a shadow task and a shadow-lane metric read the same values; writes are refused', async () => {
    const dir = await tempDir('shadow-reads');
    const ctx = context();
    const r = await abraxasTick({
      tick: 0,
      runId: 'RUN-S',
      mode: 'test',
      artifactsDir: dir,
      context: ctx,
      runSignal: read,
      runCompress: () => null,
      runOverlay: () => null,
      runShadowTasks: {
        read,
        write: (c) => {
          c.lookup.forEach((v) => {
            // @ts-expect-error the shadow lane's type is read-only; the write is tried to prove it is refused at run time too
            v.v = 0;
          });
        },
      },
      metrics: { m: { fn: read } },
      invarianceRuns: 2,
    });
    expect(r.results['oracle:signal'].value).toEqual(expected);
    expect(r.results['shadow:read'].value).toEqual(expected);
    expect(r.results['metric:m']).toMatchObject({ lane: 'shadow', status: 'ok', value: expected });
    expect(r.results['shadow:write'].error).toMatch(/^ShadowWriteError: shadow task "shadow:write" cannot write context\.lookup/);
    expect([...ctx.lookup.values()].map((x) => x.v)).toEqual([1, 2]);
  });
});
