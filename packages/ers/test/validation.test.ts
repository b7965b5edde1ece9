import { describe, expect, it } from 'vitest';
import {
  Budget,
  CanonicalJsonError,
  DeterministicScheduler,
  DuplicateTaskError,
  ErsValidationError,
  bindCallable,
  bindRuneInvoke,
  canonicalJson,
  dozenRunInvarianceGate,
  sha256Hex,
  traceHashSha256,
  type TaskSpec,
} from '../src/index.js';

const ok = { name: 't', lane: 'forecast', priority: 0, costOps: 1, fn: () => null } as const;
const b = (ops = 10) => new Budget({ ops });

/** Asserts `run` throws `cls` with a message naming the function and the field. */
function expectRejected(run: () => unknown, cls: abstract new (...a: never) => Error, fn: string, field: string) {
  let thrown: unknown;
  try {
    run();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(cls);
  const message = (thrown as Error).message;
  expect(message.startsWith(`${fn}:`)).toBe(true);
  expect(message).toContain(field);
}

describe('bad input is refused with the function, the field and the rule', () => {
  it.each([
    ['unknown lane', { lane: 'backlog' }, 'lane', "must be one of 'forecast', 'shadow'"],
    ['non-integer cost', { costOps: 1.5 }, 'costOps', 'non-negative safe integer'],
    ['negative cost', { costOps: -1 }, 'costOps', 'non-negative safe integer'],
    ['negative entropy', { costEntropy: -2 }, 'costEntropy', 'non-negative safe integer'],
    ['NaN cost', { costOps: Number.NaN }, 'costOps', 'non-negative safe integer'],
    ['unsafe priority', { priority: 2 ** 53 }, 'priority', 'safe integer'],
    ['fractional priority', { priority: 0.5 }, 'priority', 'safe integer'],
    ['empty name', { name: '' }, 'name', 'non-empty string'],
    ['non-string name', { name: 7 }, 'name', 'non-empty string'],
    ['lone surrogate in name', { name: 'a\uD800' }, 'name', 'well-formed'],
    ['non-function fn', { fn: 'run' }, 'fn', 'must be a function'],
    ['non-string tag', { tags: ['a', 3] }, 'tags[1]', 'must be a string'],
  ])('bindCallable: %s', (_label, patch, field, rule) => {
    const run = () => bindCallable({ ...ok, ...patch } as never);
    expectRejected(run, ErsValidationError, 'bindCallable', field);
    expect(run).toThrow(rule);
  });

  it('bindRuneInvoke validates its own fields', () => {
    const rune = { runeName: 'sei', lane: 'shadow', priority: 0, costOps: 1, invoker: () => null } as const;
    expectRejected(() => bindRuneInvoke({ ...rune, runeName: '' }), ErsValidationError, 'bindRuneInvoke', 'runeName');
    expectRejected(() => bindRuneInvoke({ ...rune, invoker: 1 } as never), ErsValidationError, 'bindRuneInvoke', 'invoker');
    expectRejected(() => bindRuneInvoke({ ...rune, lane: 'x' } as never), ErsValidationError, 'bindRuneInvoke', 'lane');
    expectRejected(() => bindRuneInvoke({ ...rune, costOps: -1 }), ErsValidationError, 'bindRuneInvoke', 'costOps');
  });

  it('Budget refuses negative or non-integer ops and entropy', () => {
    expectRejected(() => new Budget({ ops: -1 }), ErsValidationError, 'Budget', 'ops');
    expectRejected(() => new Budget({ ops: 1.5 }), ErsValidationError, 'Budget', 'ops');
    expectRejected(() => new Budget({ ops: 1, entropy: -1 }), ErsValidationError, 'Budget', 'entropy');
    expectRejected(() => new Budget({ ops: Infinity }), ErsValidationError, 'Budget', 'ops');
    expectRejected(() => b().canAfford(-1), ErsValidationError, 'Budget.canAfford', 'ops');
  });

  it('add refuses duplicate names and hand-built tasks that break the rules', () => {
    const s = new DeterministicScheduler();
    s.add(bindCallable(ok));
    expectRejected(() => { s.add(bindCallable(ok)); }, DuplicateTaskError, 'DeterministicScheduler.add', 'task.name');
    const forged = { ...bindCallable({ ...ok, name: 'u' }), costOps: -3 } as TaskSpec;
    expectRejected(() => { s.add(forged); }, ErsValidationError, 'DeterministicScheduler.add', 'task.costOps');
    expect(s.tasks.map((t) => t.name)).toEqual(['t']);
  });

  it.each([
    ['negative tick', { tick: -1 }, 'tick'],
    ['fractional tick', { tick: 0.5 }, 'tick'],
    ['unsafe tick', { tick: 2 ** 53 }, 'tick'],
    ['string tick', { tick: '0' }, 'tick'],
    ['plain-object budget', { budgetForecast: { ops: 5, entropy: 0 } }, 'budgetForecast'],
    ['missing shadow budget', { budgetShadow: undefined }, 'budgetShadow'],
    ['null context', { context: null }, 'context'],
  ])('runTick: %s', (_label, patch, field) => {
    const s = new DeterministicScheduler();
    let ran = false;
    s.add(bindCallable({ ...ok, fn: () => (ran = true) }));
    const opts = { tick: 0, budgetForecast: b(), budgetShadow: b(), context: {}, ...patch } as never;
    expectRejected(() => s.runTick(opts), ErsValidationError, 'DeterministicScheduler.runTick', field);
    expect(ran).toBe(false);
  });

  it('runTickAsync validates the same way', async () => {
    const s = new DeterministicScheduler();
    await expect(s.runTickAsync({ tick: -1, budgetForecast: b(), budgetShadow: b(), context: {} })).rejects.toThrow(
      /^DeterministicScheduler\.runTickAsync: tick must be a non-negative safe integer/,
    );
  });

  it('the invariance gate validates runs and makeTrace', () => {
    expectRejected(() => dozenRunInvarianceGate({ makeTrace: () => [], runs: 0 }), ErsValidationError, 'dozenRunInvarianceGate', 'runs');
    expectRejected(() => dozenRunInvarianceGate({ makeTrace: 5 } as never), ErsValidationError, 'dozenRunInvarianceGate', 'makeTrace');
    expectRejected(
      () => dozenRunInvarianceGate({ makeTrace: () => 'x' as never }),
      ErsValidationError,
      'dozenRunInvarianceGate',
      'makeTrace(0)',
    );
  });

  it('trace hashing validates every event field', () => {
    const good = { tick: 0, task: 'a', lane: 'forecast', status: 'ok', cost_ops: 1, cost_entropy: 0, meta: { tags: [] } };
    expectRejected(() => traceHashSha256([{ ...good, lane: 'side' }] as never), ErsValidationError, 'traceHashSha256', 'trace[0].lane');
    expectRejected(() => traceHashSha256([good, { ...good, status: 'done' }] as never), ErsValidationError, 'traceHashSha256', 'trace[1].status');
    expectRejected(() => traceHashSha256([{ ...good, cost_ops: -1 }] as never), ErsValidationError, 'traceHashSha256', 'trace[0].cost_ops');
    expectRejected(
      () => traceHashSha256([{ ...good, meta: { at: new Date(0) } }] as never),
      CanonicalJsonError,
      'traceHashSha256',
      'trace[0].meta.at',
    );
  });

  it('sha256Hex refuses what is neither bytes nor a well-formed string', () => {
    expectRejected(() => sha256Hex(5 as never), ErsValidationError, 'sha256Hex', 'data');
    expectRejected(() => sha256Hex('\uDC00'), ErsValidationError, 'sha256Hex', 'data');
  });
});

describe('values JSON cannot hold exactly are rejected with their path', () => {
  class Point {
    x = 1;
  }
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  it.each([
    ['undefined', { a: { b: undefined } }, '$.a.b', 'undefined'],
    ['NaN', [1, Number.NaN], '$[1]', 'NaN'],
    ['Infinity', { x: -Infinity }, '$.x', 'Infinity'],
    ['BigInt', { n: 10n }, '$.n', 'BigInt'],
    ['function', { f: () => 1 }, '$.f', 'function'],
    ['symbol', { s: Symbol('s') }, '$.s', 'symbol'],
    ['class instance', { p: new Point() }, '$.p', 'instance of Point'],
    ['Date', { when: new Date(0) }, '$.when', 'instance of Date'],
    ['Map', [new Map()], '$[0]', 'instance of Map'],
    ['cycle', cyclic, '$.self', 'cycle'],
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point of this case
    ['sparse array', { arr: [1, , 3] }, '$.arr[1]', 'hole'],
    ['lone surrogate', { 'odd key': 'x\uD83D' }, '$["odd key"]', 'lone surrogate'],
    ['top-level undefined', undefined, '$', 'undefined'],
  ])('%s', (_label, value, path, rule) => {
    let thrown: unknown;
    try {
      canonicalJson(value);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CanonicalJsonError);
    expect((thrown as CanonicalJsonError).path).toBe(path);
    expect((thrown as Error).message).toContain(`canonicalJson: value at ${path}`);
    expect((thrown as Error).message).toContain(rule);
  });

  it('accepts shared (non-cyclic) references and null-prototype objects', () => {
    const shared = { v: 1 };
    const bare = Object.assign(Object.create(null) as object, { b: 2, a: 1 });
    expect(canonicalJson({ x: shared, y: shared, z: bare })).toBe('{"x":{"v":1},"y":{"v":1},"z":{"a":1,"b":2}}');
  });
});
