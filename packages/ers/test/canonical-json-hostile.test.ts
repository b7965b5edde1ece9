/** Canonical JSON against hostile values: getters, proxies, toJSON, deep nesting, huge integers, odd keys. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CanonicalJsonError,
  canonicalJson,
  canonicalJsonBytes,
  canonicalizeTrace,
  dozenRunInvarianceGate,
  traceHashSha256,
  traceJsonBytes,
  type TraceEvent,
} from '../src/index.js';

function refusal(run: () => unknown): CanonicalJsonError {
  let thrown: unknown;
  try {
    run();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(CanonicalJsonError);
  return thrown as CanonicalJsonError;
}

const event = (meta: unknown): TraceEvent =>
  ({ tick: 0, task: 't', lane: 'forecast', status: 'ok', cost_ops: 1, cost_entropy: 0, meta }) as TraceEvent;

/** `{ a: { a: … 1 … } }`, `levels` objects deep. */
function deepObject(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

function deepArray(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

describe('each value is read exactly once, and what was read is what is written', () => {
  it('a getter that answers differently on each read is written as its first answer, read once', () => {
    let reads = 0;
    const value = {
      get v(): unknown {
        reads++;
        // A second read would inject a toJSON that rewrites the output.
        return reads === 1 ? 1 : { toJSON: () => 'injected' };
      },
    };
    expect(canonicalJson(value)).toBe('{"v":1}');
    expect(reads).toBe(1);
  });

  it('a proxy whose ownKeys changes between calls: only the string keys of one listing are read, each once, and written', () => {
    let ownKeysCalls = 0;
    const gets: string[] = [];
    const target = { a: 1, b: 2 };
    const proxy = new Proxy(target, {
      ownKeys() {
        ownKeysCalls++;
        return ownKeysCalls === 1 ? ['a', 'b'] : ['b'];
      },
      get(t, key, receiver) {
        if (typeof key === 'string') gets.push(key);
        return Reflect.get(t, key, receiver) as unknown;
      },
    });
    expect(canonicalJson({ p: proxy })).toBe('{"p":{"b":2}}');
    // Once for symbol keys (only to refuse them), then once for the string keys (what is read and written).
    expect(ownKeysCalls).toBe(2);
    expect(gets).toEqual(['b']);
  });

  it('a proxy that shows a symbol key on its first listing and hides it on the next is refused, not written without it', () => {
    const sym = Symbol('hidden');
    let ownKeysCalls = 0;
    const proxy = new Proxy({ a: 1, [sym]: 2 }, {
      ownKeys(t) {
        ownKeysCalls++;
        return ownKeysCalls === 1 ? Reflect.ownKeys(t) : ['a'];
      },
    });
    const e = refusal(() => canonicalJson({ list: [proxy] }));
    expect(e.path).toBe('$.list[0]');
    expect(e.message).toContain('symbol keys');
  });

  it('a proxy that lists a symbol key is refused, as a plain object is', () => {
    const proxy = new Proxy({ a: 1, [Symbol.for('s')]: 2 }, {});
    const e = refusal(() => canonicalJson({ p: [proxy] }));
    expect(e.path).toBe('$.p[0]');
    expect(e.message).toContain('symbol keys');
  });

  it('reads every property of a nested structure once, through proxies at every level', () => {
    const reads = new Map<string, number>();
    const watch = <T extends object>(name: string, target: T): T =>
      new Proxy(target, {
        get(t, key, receiver) {
          if (typeof key === 'string') reads.set(`${name}.${key}`, (reads.get(`${name}.${key}`) ?? 0) + 1);
          return Reflect.get(t, key, receiver) as unknown;
        },
      });
    const value = watch('root', { z: watch('z', [1, watch('z1', { q: 'x' })]), a: watch('a', { m: null, k: true }) });
    expect(canonicalJson(value)).toBe('{"a":{"k":true,"m":null},"z":[1,{"q":"x"}]}');
    const counts = Object.fromEntries(reads);
    expect(counts).toEqual({
      'root.z': 1,
      'root.a': 1,
      'a.k': 1,
      'a.m': 1,
      'z.length': 1,
      'z.0': 1,
      'z.1': 1,
      'z1.q': 1,
    });
  });

  it('never calls toJSON: an own toJSON is a function and refused', () => {
    const e = refusal(() => canonicalJson({ ok: 1, toJSON: () => 'x' }));
    expect(e.path).toBe('$.toJSON');
    expect(e.message).toContain('is a function');
  });

  describe('with toJSON defined on Object.prototype and Array.prototype', () => {
    const protos = [Object.prototype, Array.prototype] as Record<string, unknown>[];
    afterEach(() => {
      for (const p of protos) delete p.toJSON;
    });

    it('writes the same bytes and hashes as without', () => {
      const value = { b: [1, { c: 'x' }], a: null };
      const trace = [event({ tags: ['x'] }), event({ reason: 'budget' })];
      const text = canonicalJson(value);
      const hash = traceHashSha256(trace);
      for (const p of protos) {
        Object.defineProperty(p, 'toJSON', { value: () => 'polluted', configurable: true, writable: true });
      }
      expect(canonicalJson(value)).toBe(text);
      expect(traceHashSha256(trace)).toBe(hash);
    });
  });

  it('a getter or proxy trap that throws, and a revoked proxy, are refused with the path', () => {
    const throwing = refusal(() =>
      canonicalJson({
        a: {
          get b(): unknown {
            throw new RangeError('nope');
          },
        },
      }),
    );
    expect(throwing.path).toBe('$.a.b');
    expect(throwing.message).toContain('could not be read (RangeError: nope)');
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const revoked = refusal(() => canonicalJson({ list: [0, proxy] }));
    expect(revoked.path).toBe('$.list[1]');
    expect(revoked.message).toContain('could not be read');
  });

  it('trace events are read once too: a getter on an event field cannot pass the checks and be written as another value', () => {
    let reads = 0;
    const e = {
      ...event({ tags: ['x'] }),
      get tick(): unknown {
        reads++;
        return reads === 1 ? 4 : 'not a tick';
      },
    } as unknown as TraceEvent;
    const text = new TextDecoder().decode(traceJsonBytes([e]));
    expect(text).toContain('"tick":4}');
    expect(reads).toBe(1);
    let tagReads = 0;
    const meta = {
      get tags(): unknown {
        tagReads++;
        return tagReads === 1 ? ['a'] : 5n;
      },
    };
    expect(new TextDecoder().decode(traceJsonBytes([event(meta)]))).toContain('"meta":{"tags":["a"]}');
    expect(tagReads).toBe(1);
  });
});

describe('a documented depth limit of 1000 arrays and objects', () => {
  const objectPath = `$${'.a'.repeat(1000)}`;

  it('accepts exactly 1000 levels', () => {
    expect(canonicalJson(deepArray(1000))).toBe(`${'['.repeat(1000)}1${']'.repeat(1000)}`);
    expect(canonicalJson(deepObject(1000))).toBe(`${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`);
  });

  it('refuses 1001 and 5000 levels with CanonicalJsonError naming the path, not RangeError', () => {
    const e = refusal(() => canonicalJson(deepObject(1001)));
    expect(e.path).toBe(objectPath);
    expect(e.message).toContain('nests deeper than 1000 arrays and objects');
    expect(refusal(() => canonicalJson(deepObject(5000))).path).toBe(objectPath);
    expect(refusal(() => canonicalJsonBytes(deepArray(5000))).path).toBe(`$${'[0]'.repeat(1000)}`);
  });

  it('refuses 5000 levels in trace meta through every trace function', () => {
    const trace = [event({ tags: [] }), event(deepObject(5000))];
    const metaPath = `trace[1].meta${'.a'.repeat(1000)}`;
    for (const [name, run] of [
      ['traceHashSha256', () => traceHashSha256(trace)],
      ['traceJsonBytes', () => traceJsonBytes(trace)],
      ['canonicalizeTrace', () => canonicalizeTrace(trace)],
      // The gate hashes each run's trace.
      ['traceHashSha256', () => dozenRunInvarianceGate({ makeTrace: () => trace, runs: 2 })],
    ] as const) {
      const e = refusal(run);
      expect(e.path).toBe(metaPath);
      expect(e.message.startsWith(`${name}: value at ${metaPath} nests deeper`)).toBe(true);
    }
  });

  it('still names a cycle as a cycle, at the value that closes it', () => {
    const a: Record<string, unknown> = { x: 1 };
    const b: Record<string, unknown> = { a };
    a.b = b;
    const e = refusal(() => canonicalJson({ root: a }));
    expect(e.path).toBe('$.root.b.a');
    expect(e.message).toContain('cycle');
  });
});

describe('integers JSON readers cannot hold exactly are refused', () => {
  it.each([
    ['2 ** 64', 2 ** 64],
    ['1e21', 1e21],
    ['2 ** 53', 2 ** 53],
    ['-(2 ** 53)', -(2 ** 53)],
    ['1e300', 1e300],
  ])('%s', (_label, n) => {
    const e = refusal(() => canonicalJson({ list: [n] }));
    expect(e.path).toBe('$.list[0]');
    expect(e.message).toContain('beyond ±(2^53 − 1)');
  });

  it('accepts ±(2^53 − 1) and writes every digit', () => {
    expect(canonicalJson([2 ** 53 - 1, -(2 ** 53 - 1)])).toBe('[9007199254740991,-9007199254740991]');
  });
});

describe('odd keys are kept exactly as own keys, odd prototypes refused', () => {
  it('keeps own "__proto__" keys at any depth, in code-point order', () => {
    const parsed: unknown = JSON.parse('{"z":{"__proto__":{"b":2}},"__proto__":1,"constructor":[{"__proto__":null}]}');
    expect(canonicalJson(JSON.parse('{"__proto__":1}'))).toBe('{"__proto__":1}');
    expect(canonicalJson(parsed)).toBe('{"__proto__":1,"constructor":[{"__proto__":null}],"z":{"__proto__":{"b":2}}}');
  });

  it('keeps them in canonicalizeTrace meta as own keys, and hashes them', () => {
    const meta: unknown = JSON.parse('{"__proto__":{"x":1}}');
    const out = canonicalizeTrace([event(meta)]).events[0]?.meta as object;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(new TextDecoder().decode(traceJsonBytes([event(meta)]))).toContain('"meta":{"__proto__":{"x":1}}');
  });

  it('refuses an object made with { __proto__: x } literal syntax instead of writing {}', () => {
    const e = refusal(() => canonicalJson({ a: { __proto__: { hidden: 1 } } }));
    expect(e.path).toBe('$.a');
    expect(e.message).toContain('prototype is another object');
  });

  it('orders array-index keys by code point like every other key', () => {
    expect(canonicalJson({ b: 1, 10: 2, 9: 3, ' ': 4 })).toBe('{" ":4,"10":2,"9":3,"b":1}');
    expect(canonicalJson({ 7: 'only' })).toBe('{"7":"only"}');
  });

  it('refuses symbol keys rather than dropping them', () => {
    const e = refusal(() => canonicalJson({ a: { [Symbol('s')]: 1, k: 2 } }));
    expect(e.path).toBe('$.a');
    expect(e.message).toContain('symbol keys');
  });
});

describe('nothing an object holds is silently dropped', () => {
  it('writes non-enumerable own properties of a plain object', () => {
    const o = Object.defineProperty({ a: 1 }, 'hidden', { value: 'kept', enumerable: false });
    expect(canonicalJson(o)).toBe('{"a":1,"hidden":"kept"}');
  });
});

describe('key lists that repeat are sorted and checked as if met for the first time', () => {
  it('objects sharing a first key but not the rest, or the same keys in another order, are each written in code-point order', () => {
    const rows = [{ b: 1, a: 2 }, { b: 1, c: 2, a: 3 }, { b: 1 }, { a: 2, b: 1 }, { b: 1, a: 2 }, { 7: 'x', b: 1 }, { b: 1, 10: 'y', 9: 'z' }];
    expect(canonicalJson(rows)).toBe('[{"a":2,"b":1},{"a":3,"b":1,"c":2},{"b":1},{"a":2,"b":1},{"a":2,"b":1},{"7":"x","b":1},{"10":"y","9":"z","b":1}]');
  });

  it('a key with a lone surrogate is refused every time it is met, with its path, never remembered as checked', () => {
    const bad = { b: 1, '\ud800': 2 };
    for (let i = 0; i < 3; i++) {
      const e = refusal(() => canonicalJson([{ b: 1, c: 2 }, bad]));
      expect(e.message).toContain('has a key with a lone surrogate');
      expect(e.message).toContain('$[1]');
    }
  });
});

describe('objects of a key list met before are copied by a copier made for that list, with the same rules', () => {
  /** Three objects with `keys` (a list no other test uses), so the third is copied by the compiled copier. */
  function rows(keys: readonly string[], last: object): object[] {
    const row = (n: number): Record<string, unknown> => {
      const o: Record<string, unknown> = {};
      for (const k of keys) Object.defineProperty(o, k, { value: n, enumerable: true, writable: true, configurable: true });
      return o;
    };
    return [row(1), row(2), last];
  }

  it('copies a repeated key list with a copier made for it from its second sighting, and a list met once key by key', () => {
    // The compiled copier is the function named copyShape: a getter sees whether it is read by one.
    const byCopier: boolean[] = [];
    const seen = (n: number): number => {
      byCopier.push(/\bcopyShape\b/.test(new Error().stack ?? ''));
      return n;
    };
    expect(canonicalJson({ once_q1: 1, get once_q2() { return seen(2); } })).toBe('{"once_q1":1,"once_q2":2}');
    const row = (n: number): object => ({ rep_b: n + 1, get rep_a() { return seen(n); } });
    const texts = [1, 3, 5].map((n) => canonicalJson(row(n)));
    expect(texts).toEqual(['{"rep_a":1,"rep_b":2}', '{"rep_a":3,"rep_b":4}', '{"rep_a":5,"rep_b":6}']);
    expect(byCopier).toEqual([false, false, true, true]);
  });

  it('reads each key once, in code-point order, through a proxy, and writes what it read', () => {
    const gets: string[] = [];
    const target = { c1_z: 'z', c1_b: 'b', c1_a: 'a' };
    const proxy = new Proxy(target, {
      get(t, key, receiver) {
        if (typeof key === 'string') gets.push(key);
        return Reflect.get(t, key, receiver) as unknown;
      },
    });
    const text = canonicalJson(rows(['c1_z', 'c1_b', 'c1_a'], proxy));
    expect(text).toBe('[{"c1_a":1,"c1_b":1,"c1_z":1},{"c1_a":2,"c1_b":2,"c1_z":2},{"c1_a":"a","c1_b":"b","c1_z":"z"}]');
    expect(gets).toEqual(['c1_a', 'c1_b', 'c1_z']);
  });

  it('a getter that throws names its own key in the path, whichever key it is', () => {
    for (const bad of ['c2_a', 'c2_m', 'c2_z']) {
      const last: Record<string, unknown> = { c2_z: 1, c2_m: 1, c2_a: 1 };
      Object.defineProperty(last, bad, {
        get() {
          throw new Error('boom');
        },
        enumerable: true,
      });
      const e = refusal(() => canonicalJson({ list: rows(['c2_z', 'c2_m', 'c2_a'], last) }));
      expect(e.message).toContain(`$.list[2].${bad}`);
      expect(e.message).toContain('could not be read (Error: boom)');
    }
  });

  it('a bad value deeper down keeps its whole path', () => {
    const e = refusal(() => canonicalJson(rows(['c3_a', 'c3_b'], { c3_a: 1, c3_b: [0, { deep: 2 ** 60 }] })));
    expect(e.message).toContain('$[2].c3_b[1].deep');
  });

  it('keeps an own "__proto__" key as a key and never sets a prototype', () => {
    const last = Object.defineProperty({ c4_a: 'x' }, '__proto__', { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
    const text = canonicalJson(rows(['c4_a', '__proto__'], last));
    expect(text).toBe('[{"__proto__":1,"c4_a":1},{"__proto__":2,"c4_a":2},{"__proto__":{"polluted":true},"c4_a":"x"}]');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keys that look like code are only keys', () => {
    const keys = ['"+x+"', "'", '\\', '*/', '`${1}`', '\u2028', '\u2029', '}); throw 1; ({', '\n', '\u0000'];
    const last: Record<string, unknown> = {};
    for (const k of keys) last[k] = k;
    const text = canonicalJson(rows(keys, last));
    const sorted = [...keys].sort();
    const object = (value: (k: string) => string): string => `{${sorted.map((k) => `${JSON.stringify(k)}:${value(k)}`).join(',')}}`;
    expect(text).toBe(`[${object(() => '1')},${object(() => '2')},${object((k) => JSON.stringify(k))}]`);
  });

  it('orders array-index keys by code point, and refuses symbol keys, as the first time', () => {
    expect(canonicalJson(rows(['c5_a', '10', '9'], { c5_a: 3, 10: 1, 9: 2 }))).toBe('[{"10":1,"9":1,"c5_a":1},{"10":2,"9":2,"c5_a":2},{"10":1,"9":2,"c5_a":3}]');
    const e = refusal(() => canonicalJson(rows(['c6_a'], { c6_a: 1, [Symbol('s')]: 2 })));
    expect(e.message).toContain('$[2]');
    expect(e.message).toContain('symbol keys');
  });
});

describe('a key list met for the first time is copied without going through Object.prototype', () => {
  it('a key that Object.prototype holds read-only (as Object.freeze(Object.prototype) makes it) is copied the first time too', () => {
    Object.defineProperty(Object.prototype, 'd1_ro', { value: 'proto', writable: false, enumerable: false, configurable: true });
    try {
      const row = (n: number): object => Object.defineProperty({ d1_b: n }, 'd1_ro', { value: n, enumerable: true, writable: true, configurable: true });
      for (let i = 0; i < 3; i++) expect(canonicalJson(row(i))).toBe(`{"d1_b":${String(i)},"d1_ro":${String(i)}}`);
    } finally {
      delete (Object.prototype as Record<string, unknown>).d1_ro;
    }
  });

  it('a setter on Object.prototype neither sees nor swallows the value of a key of its name', () => {
    const seen: unknown[] = [];
    Object.defineProperty(Object.prototype, 'd2_trap', {
      set(v: unknown) {
        seen.push(v);
      },
      get() {
        return undefined;
      },
      enumerable: false,
      configurable: true,
    });
    try {
      const row = (n: number): object => Object.defineProperty({ d2_a: n }, 'd2_trap', { value: n, enumerable: true, writable: true, configurable: true });
      for (let i = 0; i < 3; i++) expect(canonicalJson(row(i))).toBe(`{"d2_a":${String(i)},"d2_trap":${String(i)}}`);
      expect(seen).toEqual([]);
    } finally {
      delete (Object.prototype as Record<string, unknown>).d2_trap;
    }
  });
});

describe('copiers are made with the built-ins present when the module loaded', () => {
  /** Three objects with exactly `keys`, so the later ones are copied by a copier made for them. */
  const rows = (keys: readonly string[]): object[] =>
    [1, 2, 3].map((n) => {
      const o: Record<string, unknown> = {};
      for (const k of keys) o[k] = n;
      return o;
    });
  const text = (keys: readonly string[]): string => {
    const sorted = [...keys].sort();
    return `[${[1, 2, 3].map((n) => `{${sorted.map((k) => `${JSON.stringify(k)}:${String(n)}`).join(',')}}`).join(',')}]`;
  };

  it('a globalThis.Function replaced after load neither refuses repeated records nor writes them as something else', () => {
    const original = globalThis.Function;
    const g = globalThis as { Function: unknown };
    try {
      g.Function = function refuse(): never {
        throw new TypeError('no code from strings here');
      };
      expect(canonicalJson(rows(['e1_b', 'e1_a']))).toBe(text(['e1_b', 'e1_a']));
      g.Function = function substitute(): unknown {
        return () => () => ({ substituted: true });
      };
      expect(canonicalJson(rows(['e2_b', 'e2_a']))).toBe(text(['e2_b', 'e2_a']));
    } finally {
      g.Function = original;
    }
  });

  it('a JSON.stringify wrapped after load cannot turn a key into code', () => {
    const original = JSON.stringify;
    const pwned = vi.fn();
    (globalThis as Record<string, unknown>).e3_pwned = pwned;
    try {
      // A wrapper that passes strings through unquoted (as a careless logging shim might).
      JSON.stringify = ((v: unknown, ...rest: []) => (typeof v === 'string' ? v : original(v, ...rest))) as typeof JSON.stringify;
      const keys = ['e3_a', '[globalThis.e3_pwned()]'];
      const out = canonicalJson(rows(keys));
      JSON.stringify = original;
      expect(out).toBe(text(keys));
      expect(pwned).not.toHaveBeenCalled();
    } finally {
      JSON.stringify = original;
      delete (globalThis as Record<string, unknown>).e3_pwned;
    }
  });
});

describe('array-index keys are written in code-point order wherever an object lists them', () => {
  it('a proxy that lists an index key after another key is still written in code-point order', () => {
    for (let i = 0; i < 3; i++) {
      expect(canonicalJson(new Proxy({ f1_a: 1, 10: 2, 9: 3 }, { ownKeys: () => ['f1_a', '10', '9'] }))).toBe('{"10":2,"9":3,"f1_a":1}');
      expect(canonicalJson(new Proxy({ '-': 1, 0: 2 }, { ownKeys: () => ['-', '0'] }))).toBe('{"-":1,"0":2}');
    }
  });
});

describe('arrays of every length are read once per item, holes and bad items refused at their index', () => {
  const bad = [undefined, 1n, Number.NaN, '\ud800', Symbol('s'), () => 1] as const;

  it('for lengths 0 to 6 (short arrays are built another way), every item is read once, in order, and written', () => {
    for (let n = 0; n <= 6; n++) {
      const items = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? i : { i: [String(i)] }));
      const reads: string[] = [];
      const arr = new Proxy([...items], {
        get(t, key, receiver) {
          if (typeof key === 'string') reads.push(key);
          return Reflect.get(t, key, receiver) as unknown;
        },
      });
      expect(canonicalJson(arr)).toBe(JSON.stringify(items));
      expect(reads).toEqual(['length', ...items.map((_, i) => String(i))]);
    }
  });

  it('a hole or a bad item at any index of an array of 1 to 6 items is refused with that index', () => {
    for (let n = 1; n <= 6; n++) {
      for (let at = 0; at < n; at++) {
        const holey: unknown[] = Array.from({ length: n }, () => 0);
        // Deleting an item leaves a hole, as `[0, , 0]` does.
        // eslint-disable-next-line @typescript-eslint/no-array-delete, @typescript-eslint/no-dynamic-delete -- the hole is the point of this case
        delete holey[at];
        const hole = refusal(() => canonicalJson({ a: holey }));
        expect([hole.path, hole.message.includes('hole')]).toEqual([`$.a[${String(at)}]`, true]);
        for (const v of bad) {
          const arr: unknown[] = Array.from({ length: n }, () => 0);
          arr[at] = v;
          expect(refusal(() => canonicalJson([arr])).path).toBe(`$[0][${String(at)}]`);
        }
        const deeper: unknown[] = Array.from({ length: n }, () => 0);
        deeper[at] = { k: [1n] };
        expect(refusal(() => canonicalJson(deeper)).path).toBe(`$[${String(at)}].k[0]`);
      }
    }
  });
});
