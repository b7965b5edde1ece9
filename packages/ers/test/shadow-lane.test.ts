/**
 * The shadow lane: a shadow task reads everything a forecast task can, with the same results, and
 * changes nothing. Each reader runs once as a forecast task and once as a shadow task on identical
 * contexts; each write attempt is a `ShadowWriteError` that leaves the context as it was.
 */
import { describe, expect, it } from 'vitest';
import { readOnlyView } from '@abraxas/internal';
import { Budget, DeterministicScheduler, bindCallable, type TaskFn } from '../src/index.js';

const budgets = { budgetForecast: new Budget({ ops: 100 }), budgetShadow: new Budget({ ops: 100 }) };

class Counter {
  count = 0;
  bump(): number {
    return ++this.count;
  }
  get twice(): number {
    return this.count * 2;
  }
}

function makeContext() {
  const o = { id: 1 };
  const state = { hits: 0 };
  return {
    o,
    map: new Map<string, { v: number }>([
      ['a', { v: 1 }],
      ['b', { v: 2 }],
    ]),
    set: new Set([o, 'x'] as unknown[]),
    wm: new WeakMap<object, string>([[o, 'found']]),
    ws: new WeakSet([o]),
    date: new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)),
    re: /b(c)/g,
    plain: /^a/i,
    ta: new Uint8Array([5, 6, 7, 8]),
    fn: Object.assign((x: number) => x * 2, { meta: { calls: 0 } }),
    getState: () => state,
    obj: {
      id: 9,
      method(this: { id: number }): number {
        return this.id;
      },
      get doubled(): number {
        return this.id * 2;
      },
    },
    counter: new Counter(),
    arr: [3, 1, 2],
  };
}
type Ctx = ReturnType<typeof makeContext>;

/** Everything observable about a context, as plain data. */
function snapshot(c: Ctx): unknown {
  return {
    map: [...c.map].map(([k, v]) => [k, v.v]),
    set: [...c.set].map((x) => (typeof x === 'object' ? { ...(x as object) } : x)),
    wm: c.wm.get(c.o),
    ws: c.ws.has(c.o),
    date: c.date.getTime(),
    re: [c.re.source, c.re.flags, c.re.lastIndex],
    plain: [c.plain.source, c.plain.lastIndex],
    ta: [...c.ta],
    fn: [c.fn(1), { ...c.fn.meta }, Object.keys(c.fn)],
    state: { ...c.getState() },
    obj: [c.obj.id, Object.keys(c.obj)],
    counter: c.counter.count,
    arr: [...c.arr],
    o: { ...c.o },
    keys: Object.keys(c),
  };
}

/** Runs `fn` as the only task of `lane` on a fresh context; returns its result and the context. */
function runAs(lane: 'forecast' | 'shadow', fn: (c: Ctx) => unknown) {
  const ctx = makeContext();
  const s = new DeterministicScheduler();
  s.add(bindCallable({ name: 'reader', lane, priority: 0, costOps: 1, fn: fn as unknown as TaskFn }));
  const out = s.runTick({ tick: 0, ...budgets, context: ctx });
  return { result: out.results.reader, ctx };
}

/** Each reader returns plain data, with what first principles say it must be. */
const READERS: readonly (readonly [string, (c: Ctx) => unknown, unknown])[] = [
  ['Map.forEach', (c) => { const got: unknown[] = []; c.map.forEach((v, k, m) => got.push([k, v.v, m === c.map])); return got; }, [['a', 1, true], ['b', 2, true]]],
  ['Map for..of', (c) => { const got: unknown[] = []; for (const [k, v] of c.map) got.push([k, v.v]); return got; }, [['a', 1], ['b', 2]]],
  ['Map spread', (c) => [...c.map].map(([k, v]) => `${k}=${v.v}`), ['a=1', 'b=2']],
  ['Map keys/values/entries', (c) => [[...c.map.keys()], [...c.map.values()].map((v) => v.v), [...c.map.entries()].map(([k]) => k)], [['a', 'b'], [1, 2], ['a', 'b']]],
  ['Map size/get/has', (c) => [c.map.size, c.map.get('b')?.v, c.map.has('a'), c.map.has('z'), c.map.get('a') === c.map.get('a')], [2, 2, true, false, true]],
  ['Set for..of, spread, values, forEach', (c) => {
    const each: unknown[] = [];
    c.set.forEach((x) => each.push(x === c.o));
    const seen: unknown[] = [];
    for (const x of c.set) seen.push(typeof x);
    return [seen, [...c.set].length, [...c.set.values()].includes('x'), each, c.set.size];
  }, [['object', 'string'], 2, true, [true, false], 2]],
  ['identity: set.has(ctx.o), weakMap.get(ctx.o), weakSet.has(ctx.o)', (c) => [c.set.has(c.o), c.wm.get(c.o), c.ws.has(c.o), c.wm.has({}), [...c.set][0] === c.o, c.o === c.o], [true, 'found', true, false, true, true]],
  ['Date methods', (c) => [c.date.getTime(), c.date.toISOString(), c.date.getUTCFullYear(), c.date.valueOf(), +c.date, JSON.stringify({ d: c.date }), c.date instanceof Date], [
    Date.UTC(2020, 0, 2, 3, 4, 5, 6), '2020-01-02T03:04:05.006Z', 2020, Date.UTC(2020, 0, 2, 3, 4, 5, 6), Date.UTC(2020, 0, 2, 3, 4, 5, 6), '{"d":"2020-01-02T03:04:05.006Z"}', true,
  ]],
  ['RegExp test/exec/replace/match and a global exec loop', (c) => {
    const first = c.re.test('abc');
    const after = c.re.lastIndex;
    const m = c.re.exec('abcbc');
    const all: string[] = [];
    let x: RegExpExecArray | null;
    const re = c.re;
    while ((x = re.exec('xbcbcbc')) !== null) all.push(`${x.index}:${x[1]}`);
    return [first, after, m === null ? null : [...m], 'abcbc'.replace(c.re, 'X'), 'abcbc'.match(c.re), c.plain.test('Abc'), c.plain.exec('b'), String(c.re), c.re.source, c.re.flags, all];
  }, [true, 3, ['bc', 'c'], 'aXX', ['bc', 'bc'], true, null, '/b(c)/g', 'b(c)', 'g', ['5:c']]],
  ['typed array slice/subarray/length/iteration', (c) => [[...c.ta.slice(1, 3)], [...c.ta.subarray(2)], c.ta.length, c.ta.byteLength, [...c.ta], c.ta[1], Array.from(c.ta), c.ta.indexOf(7), c.ta.map((v) => v + 1).join(',')], [
    [6, 7], [7, 8], 4, 4, [5, 6, 7, 8], 6, [5, 6, 7, 8], 2, '6,7,8,9',
  ]],
  ['function-valued properties', (c) => [c.fn(3), c.fn.meta.calls, typeof c.fn, c.fn.length, c.getState().hits, [1, 2].map(c.fn)], [6, 0, 'function', 1, 0, [2, 4]]],
  ['methods and getters', (c) => [c.obj.method(), c.obj.doubled, c.counter.twice, c.counter instanceof Counter], [9, 18, 0, true]],
  ['arrays', (c) => [c.arr.map((x) => x * 10), [...c.arr], c.arr.slice().sort(), c.arr.includes(2), Array.isArray(c.arr), JSON.stringify(c.arr), c.arr.length], [
    [30, 10, 20], [3, 1, 2], [1, 2, 3], true, true, '[3,1,2]', 3,
  ]],
];

describe('a shadow task reads what a forecast task reads, with the same results', () => {
  it.each(READERS)('%s', (_label, read, expected) => {
    const forecast = runAs('forecast', read);
    const shadow = runAs('shadow', read);
    expect(forecast.result?.status).toBe('ok');
    expect(forecast.result?.value).toEqual(expected);
    expect(shadow.result?.error).toBeNull();
    expect(shadow.result?.value).toEqual(expected);
    expect(snapshot(shadow.ctx)).toEqual(snapshot(makeContext()));
  });

  it('a global RegExp read in the shadow lane keeps its lastIndex in the context', () => {
    const { ctx, result } = runAs('shadow', (c) => [c.re.test('abc'), c.re.lastIndex]);
    expect(result?.value).toEqual([true, 3]);
    expect(ctx.re.lastIndex).toBe(0);
  });
});

/** Each write attempt, through whatever the view hands out. */
const WRITES: readonly (readonly [string, (c: Ctx) => unknown])[] = [
  ['a value a Map.forEach callback receives', (c) => { c.map.forEach((v) => { v.v = 0; }); }],
  ['the map a Map.forEach callback receives', (c) => { c.map.forEach((_v, _k, m) => { m.clear(); }); }],
  ['an object a Set.forEach callback receives', (c) => { c.set.forEach((x) => { if (typeof x === 'object') (x as { id: number }).id = 0; }); }],
  ['a value from Map for..of', (c) => { for (const [, v] of c.map) v.v = 0; }],
  ['a value from Map spread', (c) => { ([...c.map][0] as [string, { v: number }])[1].v = 0; }],
  ['a value from Map.values()', (c) => { (c.map.values().next().value as { v: number }).v = 0; }],
  ['a value from Map.get', (c) => { (c.map.get('a') as { v: number }).v = 0; }],
  ['Map.set', (c) => c.map.set('z', { v: 0 })],
  ['Set.add', (c) => c.set.add('y')],
  ['an object from Set spread', (c) => { ([...c.set][0] as { id: number }).id = 0; }],
  ['WeakMap.set', (c) => c.wm.set(c.o, 'lost')],
  ['WeakSet.delete', (c) => c.ws.delete(c.o)],
  ['Date.setFullYear', (c) => c.date.setFullYear(1999)],
  ['RegExp.compile', (c) => { (c.re as unknown as { compile(p: string): void }).compile('z'); }],
  ['RegExp lastIndex', (c) => { c.re.lastIndex = 5; }],
  ['typed array index', (c) => { c.ta[0] = 0; }],
  ['typed array fill', (c) => c.ta.fill(0)],
  ['typed array set', (c) => { c.ta.set([0]); }],
  ['typed array sort', (c) => c.ta.sort((a, b) => b - a)],
  ['a subarray (it shares the buffer)', (c) => { c.ta.subarray(0, 2)[0] = 0; }],
  ['a function-valued property\'s own property', (c) => { c.fn.meta.calls = 1; }],
  ['a new property on a function', (c) => { (c.fn as unknown as { extra: number }).extra = 1; }],
  ['state a function returns', (c) => { c.getState().hits = 1; }],
  ['a method that writes this', (c) => c.counter.bump()],
  ['an array sort in place', (c) => c.arr.sort()],
  ['a property through a getter\'s descriptor', (c) => { (Object.getOwnPropertyDescriptor(c, 'obj')?.value as { id: number }).id = 0; }],
];

describe('a shadow task can change nothing', () => {
  it.each(WRITES)('%s is a ShadowWriteError and the context is unchanged', (_label, write) => {
    const { ctx, result } = runAs('shadow', (c) => {
      write(c);
      return 'wrote';
    });
    expect(result?.status).toBe('error');
    expect(result?.error).toMatch(/^ShadowWriteError: shadow task "reader" cannot write context/);
    expect(snapshot(ctx)).toEqual(snapshot(makeContext()));
    // The same write in the forecast lane does change the context (the case is a real write).
    const forecast = runAs('forecast', (c) => {
      write(c);
      return 'wrote';
    });
    expect(snapshot(forecast.ctx)).not.toEqual(snapshot(makeContext()));
  });
});

describe('a built-in called directly on a view cannot reach the object behind it', () => {
  // The view has none of the internal slots such a method needs, so the engine refuses the call.
  it.each([
    ['Map.prototype.set', (c: Ctx) => Map.prototype.set.call(c.map, 'z', { v: 0 })],
    ['Set.prototype.add', (c: Ctx) => Set.prototype.add.call(c.set, 'y')],
    ['Date.prototype.setTime', (c: Ctx) => Date.prototype.setTime.call(c.date, 0)],
    ['Uint8Array.prototype.fill', (c: Ctx) => Uint8Array.prototype.fill.call(c.ta, 0)],
    ['RegExp.prototype.exec (lastIndex)', (c: Ctx) => RegExp.prototype.exec.call(c.re, 'abc')],
  ] as const)('%s', (_label, write) => {
    const { ctx, result } = runAs('shadow', (c) => {
      write(c);
    });
    expect(result?.status).toBe('error');
    expect(result?.error).toMatch(/^TypeError: /);
    expect(snapshot(ctx)).toEqual(snapshot(makeContext()));
  });
});

describe('views of views (metrics on the shadow lane)', () => {
  it('a read-only view of a read-only view reads Maps, Sets, Dates and typed arrays', () => {
    const ctx = makeContext();
    const inner = readOnlyView(ctx, (p) => new Error(`inner ${p}`));
    const outer = readOnlyView(inner, (p) => new Error(`outer ${p}`));
    expect([outer.map.get('a')?.v, outer.set.has(outer.o), outer.date.getTime(), [...outer.ta.subarray(3)], outer.wm.get(outer.o)]).toEqual([
      1, true, Date.UTC(2020, 0, 2, 3, 4, 5, 6), [8], 'found',
    ]);
    expect(() => outer.map.set('z', { v: 0 })).toThrow('outer context.map (set)');
    expect(snapshot(ctx)).toEqual(snapshot(makeContext()));
  });
});
