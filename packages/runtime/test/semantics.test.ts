import { verifyRun } from '@abraxas/artifacts';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { abraxasTick } from '../src/index.js';
import { tempDir } from './support/fs.js';
import { pipeline } from './support/pipeline.js';

const ok = (): unknown => ({ ok: true });

describe('abraxasTick semantics', () => {
  it('awaits async steps one at a time, in the forecast order', async () => {
    const dir = await tempDir();
    const work = pipeline()(4);
    const r = await abraxasTick({ runId: 'RUN-S', mode: 'test', artifactsDir: dir, ...work });
    expect(work.context.seen).toEqual(['signal', 'compress', 'overlay']);
    expect(r.results['oracle:compress'].value).toEqual({ compressed: 5 });
    // overlay ran after the async compress had finished.
    expect(r.results['oracle:overlay'].value).toEqual({ overlay: 3 });
  });

  it('records a thrown error, and a rejected promise, as the task\'s error', async () => {
    const dir = await tempDir();
    class Drift extends Error {
      override name = 'Drift';
    }
    const r = await abraxasTick({
      tick: 0,
      runId: 'RUN-S',
      mode: 'test',
      context: {},
      artifactsDir: dir,
      runSignal: () => {
        throw new Drift('too far');
      },
      runCompress: () => Promise.reject(new Error('no input')),
      runOverlay: ok,
    });
    expect(r.results['oracle:signal']).toMatchObject({ status: 'error', error: 'Drift: too far', cost_ops: 10, value: null });
    expect(r.results['oracle:compress']).toMatchObject({ status: 'error', error: 'Error: no input' });
    expect(r.results['oracle:overlay'].status).toBe('ok');
    const tp = JSON.parse(await readFile(r.artifacts.trendpack, 'utf8')) as { errors: { task: string }[] };
    expect(tp.errors.map((e) => e.task)).toEqual(['oracle:signal', 'oracle:compress']);
  });

  it('gives shadow tasks a read-only context: a write is that task\'s error and changes nothing', async () => {
    const dir = await tempDir();
    const context = { value: 1 };
    const r = await abraxasTick({
      tick: 0,
      runId: 'RUN-S',
      mode: 'test',
      context,
      artifactsDir: dir,
      ...{ runSignal: ok, runCompress: ok, runOverlay: ok },
      runShadowTasks: {
        meddle: (ctx) => {
          (ctx as { value: number }).value = 2;
        },
        watch: (ctx) => ctx.value,
      },
    });
    expect(r.results['shadow:meddle'].status).toBe('error');
    expect(r.results['shadow:watch']).toMatchObject({ status: 'ok', value: 1 });
    expect(context.value).toBe(1);
  });

  it('runs shadow tasks in name order (code point), after the forecast lane', async () => {
    const dir = await tempDir();
    const order: string[] = [];
    const mark = (name: string) => () => order.push(name);
    await abraxasTick({
      tick: 0,
      runId: 'RUN-S',
      mode: 'test',
      context: {},
      artifactsDir: dir,
      runSignal: mark('signal'),
      runCompress: mark('compress'),
      runOverlay: mark('overlay'),
      runShadowTasks: { b: mark('b'), Z: mark('Z'), a: mark('a'), é: mark('é') },
    });
    expect(order).toEqual(['signal', 'compress', 'overlay', 'Z', 'a', 'b', 'é']);
  });

  it('keeps task values JSON cannot hold out of the artifacts, and returns them unchanged', async () => {
    const dir = await tempDir();
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    const fn = (): number => 1;
    const when = new Map([['a', 1]]);
    const r = await abraxasTick({
      tick: 0,
      runId: 'RUN-S',
      mode: 'test',
      context: {},
      artifactsDir: dir,
      runSignal: () => 10n,
      runCompress: () => cyclic,
      runOverlay: () => undefined,
      runShadowTasks: { f: () => fn, m: () => when, nan: () => Number.NaN },
    });
    expect(Object.values(r.results).every((x) => x.status === 'ok')).toBe(true);
    expect(r.results['oracle:signal'].value).toBe(10n);
    expect(r.results['oracle:compress'].value).toBe(cyclic);
    expect(r.results['oracle:overlay'].value).toBeUndefined();
    expect(r.results['shadow:f'].value).toBe(fn);
    expect(r.results['shadow:m'].value).toBe(when);
    expect((await verifyRun(dir, 'RUN-S')).ok).toBe(true);
  });

  it('accepts null or an empty record for runShadowTasks', async () => {
    const dir = await tempDir();
    const base = { runId: 'RUN-S', mode: 'test', context: {}, artifactsDir: dir, runSignal: ok, runCompress: ok, runOverlay: ok };
    const a = await abraxasTick({ ...base, tick: 0, runShadowTasks: null as unknown as Record<string, never> });
    const b = await abraxasTick({ ...base, tick: 1, runShadowTasks: {} });
    expect(Object.keys(a.results)).toEqual(['oracle:signal', 'oracle:compress', 'oracle:overlay']);
    expect(b.remaining.shadow).toEqual({ ops: 20, entropy: 0 });
  });
});
