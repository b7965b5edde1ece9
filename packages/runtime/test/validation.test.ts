import { Budget, ErsValidationError } from '@abraxas/ers';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abraxasTick, openRun, queryRun, RuntimeValidationError, type AbraxasTickOptions } from '../src/index.js';
import { listDir, tempDir } from './support/fs.js';

let calls = 0;
const step = (): unknown => {
  calls++;
  return { ok: true };
};

function base(dir: string): AbraxasTickOptions {
  return {
    tick: 0,
    runId: 'RUN-V',
    mode: 'test',
    context: {},
    artifactsDir: dir,
    runSignal: step,
    runCompress: step,
    runOverlay: step,
    runShadowTasks: { sei: step },
  };
}

/** Each case: the field the error must name, and the bad options. */
const cases: readonly (readonly [string, string, (o: AbraxasTickOptions) => unknown])[] = [
  ['tick -1', 'tick', (o) => ({ ...o, tick: -1 })],
  ['tick 1.5', 'tick', (o) => ({ ...o, tick: 1.5 })],
  ['tick NaN', 'tick', (o) => ({ ...o, tick: Number.NaN })],
  ['tick "1"', 'tick', (o) => ({ ...o, tick: '1' })],
  ['tick 2^53', 'tick', (o) => ({ ...o, tick: 2 ** 53 })],
  ['tick missing', 'tick', (o) => ({ ...o, tick: undefined })],
  ['runId empty', 'runId', (o) => ({ ...o, runId: '' })],
  ['runId traversal', 'runId', (o) => ({ ...o, runId: '../x' })],
  ['runId separator', 'runId', (o) => ({ ...o, runId: 'a/b' })],
  ['runId dot-dot', 'runId', (o) => ({ ...o, runId: 'a..b' })],
  ['runId too long', 'runId', (o) => ({ ...o, runId: 'r'.repeat(129) })],
  ['runId number', 'runId', (o) => ({ ...o, runId: 42 })],
  ['mode empty', 'mode', (o) => ({ ...o, mode: '' })],
  ['mode number', 'mode', (o) => ({ ...o, mode: 1 })],
  ['mode lone surrogate', 'mode', (o) => ({ ...o, mode: 'a\uD800' })],
  ['mode missing', 'mode', (o) => ({ ...o, mode: undefined })],
  ['artifactsDir empty', 'artifactsDir', (o) => ({ ...o, artifactsDir: '' })],
  ['artifactsDir number', 'artifactsDir', (o) => ({ ...o, artifactsDir: 7 })],
  ['context null', 'context', (o) => ({ ...o, context: null })],
  ['context array', 'context', (o) => ({ ...o, context: [] })],
  ['context string', 'context', (o) => ({ ...o, context: 'ctx' })],
  ['runSignal missing', 'runSignal', (o) => ({ ...o, runSignal: undefined })],
  ['runCompress not a function', 'runCompress', (o) => ({ ...o, runCompress: 'compress' })],
  ['runOverlay object', 'runOverlay', (o) => ({ ...o, runOverlay: {} })],
  ['runShadowTasks array', 'runShadowTasks', (o) => ({ ...o, runShadowTasks: [step] })],
  ['runShadowTasks Map', 'runShadowTasks', (o) => ({ ...o, runShadowTasks: new Map([['a', step]]) })],
  ['runShadowTasks value', 'runShadowTasks["bad"]', (o) => ({ ...o, runShadowTasks: { sei: step, bad: 5 } })],
  ['runShadowTasks empty name', 'runShadowTasks key', (o) => ({ ...o, runShadowTasks: { '': step } })],
  ['budgetForecast plain object', 'budgetForecast', (o) => ({ ...o, budgetForecast: { ops: 50, entropy: 0 } })],
  ['budgetShadow number', 'budgetShadow', (o) => ({ ...o, budgetShadow: 20 })],
  ['forecastCostOps negative', 'forecastCostOps', (o) => ({ ...o, forecastCostOps: -1 })],
  ['forecastCostOps fractional', 'forecastCostOps', (o) => ({ ...o, forecastCostOps: 2.5 })],
  ['forecastCostOps string', 'forecastCostOps', (o) => ({ ...o, forecastCostOps: '10' })],
  ['forecastCostOps step negative', 'forecastCostOps.overlay', (o) => ({ ...o, forecastCostOps: { overlay: -5 } })],
  ['forecastCostOps unknown step', 'forecastCostOps.render', (o) => ({ ...o, forecastCostOps: { render: 1 } })],
  ['shadowCostOps negative', 'shadowCostOps', (o) => ({ ...o, shadowCostOps: -2 })],
  ['shadowCostOps unknown task', 'shadowCostOps["nope"]', (o) => ({ ...o, shadowCostOps: { nope: 1 } })],
  ['shadowCostOps fractional', 'shadowCostOps["sei"]', (o) => ({ ...o, shadowCostOps: { sei: 0.5 } })],
  ['fsync string', 'fsync', (o) => ({ ...o, fsync: 'yes' })],
];

describe('abraxasTick refuses bad input before running or writing anything', () => {
  it.each(cases)('%s', async (_label, field, mutate) => {
    const parent = await tempDir('bad');
    const dir = join(parent, 'artifacts');
    calls = 0;
    let caught: unknown;
    try {
      await abraxasTick(mutate(base(dir)) as AbraxasTickOptions);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RuntimeValidationError);
    expect(caught).toBeInstanceOf(ErsValidationError);
    const err = caught as RuntimeValidationError;
    expect(err.fn).toBe('abraxasTick');
    expect(err.field).toBe(field);
    expect(err.message.startsWith(`abraxasTick: ${field} `)).toBe(true);
    expect(calls).toBe(0);
    expect(await listDir(parent)).toEqual([]);
  });

  it('refuses options that are not an object', async () => {
    await expect(abraxasTick(null as unknown as AbraxasTickOptions)).rejects.toThrow(/^abraxasTick: options must be a plain object/);
  });

  it('names the rule and the value it got', async () => {
    const dir = await tempDir('bad');
    await expect(abraxasTick({ ...base(dir), tick: -3 })).rejects.toThrow('abraxasTick: tick must be a non-negative safe integer; got -3');
    await expect(abraxasTick({ ...base(dir), runId: 'a/b' })).rejects.toThrow(/^abraxasTick: runId must be 1-128 characters.*; got "a\/b"$/);
    expect(await listDir(dir)).toEqual([]);
  });
});

describe('openRun and RunHandle.tick refuse bad input', () => {
  it('openRun checks the run and its default costs', async () => {
    const dir = await tempDir('bad');
    expect(() => openRun({ runId: 'x/y', mode: 'm', artifactsDir: dir })).toThrow(RuntimeValidationError);
    expect(() => openRun({ runId: 'R', mode: '', artifactsDir: dir })).toThrow(/^openRun: mode /);
    expect(() => openRun({ runId: 'R', mode: 'm', artifactsDir: dir, budgetShadow: { ops: 1 } as unknown as Budget })).toThrow(
      /^openRun: budgetShadow must be a Budget/,
    );
    expect(() => openRun({ runId: 'R', mode: 'm', artifactsDir: dir, forecastCostOps: { signal: -1 } })).toThrow(
      /^openRun: forecastCostOps.signal /,
    );
    expect(await listDir(dir)).toEqual([]);
  });

  it('RunHandle.tick checks the tick and writes nothing', async () => {
    const dir = await tempDir('bad');
    const run = openRun({ runId: 'R', mode: 'm', artifactsDir: dir });
    calls = 0;
    const ok = { context: {}, runSignal: step, runCompress: step, runOverlay: step };
    await expect(run.tick({ ...ok, tick: -1 })).rejects.toThrow(/^RunHandle.tick: tick /);
    await expect(run.tick({ ...ok, tick: 0, runShadowTasks: { a: null as unknown as () => unknown } })).rejects.toThrow(
      /^RunHandle.tick: runShadowTasks\["a"\] must be a function/,
    );
    await expect(run.tick({ ...ok, tick: 0, shadowCostOps: { a: 1 } })).rejects.toThrow(/^RunHandle.tick: shadowCostOps\["a"\] must name/);
    await expect(run.tick(undefined as unknown as typeof ok & { tick: number })).rejects.toThrow(/^RunHandle.tick: options /);
    expect(calls).toBe(0);
    expect(await listDir(dir)).toEqual([]);
    // A bad tick does not poison the handle.
    await run.tick({ ...ok, tick: 0 });
    await run.close();
    expect(await listDir(dir)).toEqual(['manifests', 'run_index', 'viz']);
  });
});

describe('queryRun refuses bad arguments', () => {
  it.each([
    ['artifactsDir', () => queryRun('', 'R')],
    ['runId', () => queryRun('/tmp', '../R')],
    ['options', () => queryRun('/tmp', 'R', [] as never)],
    ['options.fromTick', () => queryRun('/tmp', 'R', { fromTick: -1 })],
    ['options.toTick', () => queryRun('/tmp', 'R', { toTick: 0.5 })],
    ['options.toTick', () => queryRun('/tmp', 'R', { fromTick: 5, toTick: 4 })],
    ['options.only', () => queryRun('/tmp', 'R', { only: 'warnings' as never })],
  ] as const)('%s', async (field, call) => {
    const err = await call().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RuntimeValidationError);
    expect((err as RuntimeValidationError).field).toBe(field);
    expect((err as RuntimeValidationError).message.startsWith(`queryRun: ${field} `)).toBe(true);
  });
});
