/**
 * One copy of each class: a Budget or an error made by another copy of the package (here the built
 * CommonJS bundle beside these sources) is recognised by its registered brand, and the CommonJS
 * build's portable UTF-8 encoder writes exactly what `TextEncoder` writes.
 */
import { goldenVectors as golden } from '@abraxas/golden-vectors';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { PortableTextEncoder } from '../src/cjs/text-encoder.js';
import * as ers from '../src/index.js';
import { runVector } from './support/golden.js';

const other = createRequire(import.meta.url)('../dist/index.cjs') as typeof ers;
const seed = golden.scheduler[0];
if (seed === undefined) throw new Error('golden vectors: no scheduler vector');

describe('a Budget from another copy of the package', () => {
  it('is another class, yet instanceof Budget', () => {
    expect(other.Budget).not.toBe(ers.Budget);
    expect(new other.Budget({ ops: 3 })).toBeInstanceOf(ers.Budget);
    expect(new ers.Budget({ ops: 3 })).toBeInstanceOf(other.Budget);
  });

  it('is accepted by the scheduler, which computes the reference hash', () => {
    const s = new ers.DeterministicScheduler();
    for (const t of seed.tasks) s.add(other.bindCallable({ name: t.name, lane: t.lane, priority: t.priority, costOps: t.cost_ops, fn: () => ({ ok: true }) }));
    const out = s.runTick({ tick: seed.tick, budgetForecast: new other.Budget(seed.budget_forecast), budgetShadow: new other.Budget(seed.budget_shadow), context: {} });
    expect(ers.traceHashSha256(out.trace)).toBe(seed.expect.trace_sha256);
    expect(ers.traceHashSha256(runVector(seed).trace)).toBe(seed.expect.trace_sha256);
  });

  it('is told apart from look-alikes: no brand, or a brand on bad numbers', () => {
    expect({ ops: 1, entropy: 0 }).not.toBeInstanceOf(ers.Budget);
    expect(Object.create(ers.Budget.prototype)).not.toBeInstanceOf(ers.Budget);
    const forged = Object.assign(Object.create(other.Budget.prototype) as object, { ops: -1, entropy: 0 });
    expect(forged).not.toBeInstanceOf(ers.Budget);
    // What an untyped caller can pass: the type system is not the check here.
    const options = { tick: 0, budgetForecast: forged, budgetShadow: new ers.Budget({ ops: 1 }), context: {} } as unknown as ers.RunTickOptions;
    expect(() => new ers.DeterministicScheduler().runTick(options)).toThrow(new ers.ErsValidationError('DeterministicScheduler.runTick', 'budgetForecast', 'must be a Budget', forged));
  });
});

describe('an error from another copy of the package', () => {
  it('is instanceof its own class and its bases, and of no sibling class', () => {
    const e = new other.ErsValidationError('f', 'x', 'must be y');
    expect(e).toBeInstanceOf(ers.ErsValidationError);
    expect(e).toBeInstanceOf(ers.ErsError);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(ers.DuplicateTaskError);
    expect(new other.ShadowWriteError('w')).toBeInstanceOf(ers.ShadowWriteError);
    expect(new other.ShadowWriteError('w')).not.toBeInstanceOf(ers.AsyncTaskError);
    expect(new Error('plain')).not.toBeInstanceOf(ers.ErsError);
  });

  it('leaves a user subclass to ordinary instanceof', () => {
    class MyError extends ers.ErsValidationError {}
    expect(new MyError('f', 'x', 'r')).toBeInstanceOf(MyError);
    expect(new ers.ErsValidationError('f', 'x', 'r')).not.toBeInstanceOf(MyError);
    expect(new MyError('f', 'x', 'r')).toBeInstanceOf(other.ErsValidationError);
  });
});

describe('the portable UTF-8 encoder of the CommonJS build', () => {
  it('writes the bytes TextEncoder writes, lone surrogates included', () => {
    const host = new TextEncoder();
    const portable = new PortableTextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(portable.encode(s)).toEqual(host.encode(s));
      }),
    );
    for (const s of ['', 'a', '\u00e9', '\u20ac', '\u{1f600}', '\ud800', '\udc00x', '\ud800\ud800\udc00']) {
      expect(portable.encode(s)).toEqual(host.encode(s));
    }
    expect(portable.encode()).toEqual(new Uint8Array(0));
  });
});
