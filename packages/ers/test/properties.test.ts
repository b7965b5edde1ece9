import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Budget,
  DeterministicScheduler,
  bindCallable,
  canonicalJson,
  canonicalJsonBytes,
  traceHashSha256,
  traceJsonBytes,
  type TraceEvent,
} from '../src/index.js';
import { budgetInit, jsonValue, taskList, unicodeString, type TaskShape } from './support/arbitraries.js';

function schedule(tasks: readonly TaskShape[], forecast: { ops: number; entropy: number }, shadow: { ops: number; entropy: number }) {
  const s = new DeterministicScheduler();
  for (const { outcome, ...t } of tasks) {
    s.add(
      bindCallable({
        ...t,
        fn: () => {
          if (outcome === 'throw') throw new RangeError('no');
          return t.name;
        },
      }),
    );
  }
  return s.runTick({ tick: 3, budgetForecast: new Budget(forecast), budgetShadow: new Budget(shadow), context: {} });
}

/** Code-point order of two strings, computed independently of the implementation. */
function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  }
  return x.length - y.length;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('scheduler properties', () => {
  it('the trace does not depend on the order tasks were added in', () => {
    fc.assert(
      fc.property(taskList, budgetInit, budgetInit, fc.infiniteStream(fc.nat()), (tasks, f, s, seeds) => {
        const shuffled = tasks
          .map((t) => ({ t, k: seeds.next().value as number }))
          .sort((a, b) => a.k - b.k)
          .map(({ t }) => t);
        const a = schedule(tasks, f, s);
        const b = schedule(shuffled, f, s);
        expect(traceHashSha256(b.trace)).toBe(traceHashSha256(a.trace));
        expect(b.trace).toEqual(a.trace);
      }),
    );
  });

  it('orders by lane, then priority, then name by code point', () => {
    fc.assert(
      fc.property(taskList, (tasks) => {
        const out = schedule(tasks, { ops: 1000, entropy: 1000 }, { ops: 1000, entropy: 1000 });
        const expected = [...tasks]
          .sort(
            (a, b) =>
              (a.lane === 'forecast' ? 0 : 1) - (b.lane === 'forecast' ? 0 : 1) ||
              a.priority - b.priority ||
              byCodePoint(a.name, b.name),
          )
          .map((t) => t.name);
        expect(out.trace.map((e) => e.task)).toEqual(expected);
      }),
    );
  });

  it('the same tick always hashes the same', () => {
    fc.assert(
      fc.property(taskList, budgetInit, budgetInit, (tasks, f, s) => {
        expect(traceHashSha256(schedule(tasks, f, s).trace)).toBe(traceHashSha256(schedule(tasks, f, s).trace));
      }),
    );
  });

  it('remaining budget never goes negative and equals the budget minus attempted costs; skips spend nothing', () => {
    fc.assert(
      fc.property(taskList, budgetInit, budgetInit, (tasks, f, s) => {
        const out = schedule(tasks, f, s);
        for (const [lane, init] of [['forecast', f], ['shadow', s]] as const) {
          const events = out.trace.filter((e) => e.lane === lane);
          const attempted = events.filter((e) => e.status !== 'skipped_budget');
          const spentOps = attempted.reduce((n, e) => n + e.cost_ops, 0);
          const spentEntropy = attempted.reduce((n, e) => n + e.cost_entropy, 0);
          const rem = out.remaining[lane];
          expect(rem.ops).toBeGreaterThanOrEqual(0);
          expect(rem.entropy).toBeGreaterThanOrEqual(0);
          expect(rem.ops).toBe(init.ops - spentOps);
          expect(rem.entropy).toBe(init.entropy - spentEntropy);
          // Replay the budget: each skip happened exactly when the task did not fit.
          let ops = init.ops;
          let entropy = init.entropy;
          for (const e of events) {
            const fits = e.cost_ops <= ops && e.cost_entropy <= entropy;
            expect(e.status === 'skipped_budget').toBe(!fits);
            if (fits) {
              ops -= e.cost_ops;
              entropy -= e.cost_entropy;
            }
          }
        }
        for (const r of Object.values(out.results)) {
          if (r.status === 'skipped_budget') {
            expect([r.cost_ops, r.cost_entropy, r.value, r.error]).toEqual([0, 0, null, null]);
          }
        }
      }),
    );
  });
});

describe('canonical JSON properties', () => {
  it('orders object keys by Unicode code point, astral-plane characters included', () => {
    fc.assert(
      fc.property(fc.uniqueArray(unicodeString({ maxLength: 6 }), { maxLength: 12 }), (keys) => {
        const obj = Object.fromEntries(keys.map((k, i) => [k, i]));
        const parsedOrder = [...canonicalJson(obj).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) => JSON.parse(`"${m[1] ?? ''}"`) as string);
        expect(parsedOrder).toEqual([...keys].sort(byCodePoint));
      }),
    );
  });

  it('puts an astral character after U+FFFF-range BMP characters (code point, not UTF-16, order)', () => {
    // U+1F600 is encoded as surrogates 0xD83D 0xDE00, which sort *before* U+FF5E by code unit.
    expect(canonicalJson({ '\u{1F600}': 1, '\uFF5E': 2, a: 3 })).toBe('{"a":3,"～":2,"😀":1}');
  });

  it('round-trips through JSON.parse and writes non-ASCII literally', () => {
    fc.assert(
      fc.property(jsonValue, (v) => {
        const text = canonicalJson(v);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
        expect(new TextDecoder().decode(canonicalJsonBytes(v))).toBe(text);
        expect(canonicalJsonBytes(v)).toEqual(utf8(text));
      }),
    );
  });

  it('matches JSON.stringify of the same value with keys pre-sorted by code point', () => {
    const sortDeep = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortDeep)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(
              Object.keys(v)
                .sort(byCodePoint)
                .map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]),
            )
          : v;
    fc.assert(
      fc.property(jsonValue, (v) => {
        // Integer-like keys are listed first by JS objects, so compare texts only when none occur.
        const text = JSON.stringify(sortDeep(v));
        if (!/"\d+":/.test(text)) expect(canonicalJson(v)).toBe(text);
      }),
    );
  });
});

describe('trace fast path', () => {
  const event: fc.Arbitrary<TraceEvent> = fc.record({
    tick: fc.nat(),
    task: unicodeString({ minLength: 1, maxLength: 8 }),
    lane: fc.constantFrom('forecast' as const, 'shadow' as const),
    status: fc.constantFrom('ok' as const, 'skipped_budget' as const, 'error' as const, 'not_computable' as const),
    cost_ops: fc.nat(),
    cost_entropy: fc.nat(),
    meta: fc.oneof(
      fc.record({ tags: fc.array(unicodeString({ maxLength: 6 }), { maxLength: 4 }) }),
      fc.record({ reason: unicodeString({ maxLength: 8 }) }),
      fc.dictionary(unicodeString({ maxLength: 4 }), jsonValue, { maxKeys: 3 }) as fc.Arbitrary<TraceEvent['meta']>,
    ),
  });

  it('is byte-identical to the generic canonical JSON for scheduler-shaped traces', () => {
    const schedulerEvent = event.chain((e) =>
      fc
        .oneof(
          fc.record({ tags: fc.array(unicodeString({ maxLength: 6 }), { maxLength: 4 }) }),
          fc.constant({ reason: 'budget' }),
        )
        .map((meta) => ({ ...e, meta })),
    );
    fc.assert(
      fc.property(fc.array(schedulerEvent, { maxLength: 30 }), (trace) => {
        expect(traceJsonBytes(trace)).toEqual(canonicalJsonBytes({ events: trace }));
      }),
      { numRuns: 300 },
    );
  });

  it('is byte-identical to the generic canonical JSON of {events} for any meta', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 20 }), (trace) => {
        expect(traceJsonBytes(trace)).toEqual(canonicalJsonBytes({ events: trace }));
      }),
      { numRuns: 300 },
    );
  });
});
