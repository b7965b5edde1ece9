/**
 * Latches that bite: every options object of the runtime's public API refuses a key it does not
 * know, naming the key and the nearest known one, before any task runs or any file is written.
 */
import { Budget } from '@abraxas/ers';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abraxasTick, openRun, queryRun, RuntimeValidationError, type AbraxasTickOptions } from '../src/index.js';
import { listDir, tempDir } from './support/fs.js';

let calls = 0;
const step = (): unknown => {
  calls++;
  return { ok: true };
};

const work = { tick: 0, context: {}, runSignal: step, runCompress: step, runOverlay: step, runShadowTasks: { sei: step } };

function tickOptions(dir: string): AbraxasTickOptions {
  return { runId: 'RUN-K', mode: 'test', artifactsDir: dir, ...work };
}

async function rejection(p: Promise<unknown>): Promise<RuntimeValidationError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RuntimeValidationError);
  return err as RuntimeValidationError;
}

describe('abraxasTick refuses unknown option keys before running or writing anything', () => {
  it.each([
    ['budgetshadow', 'budgetShadow'],
    ['budget_forecast', 'budgetForecast'],
    ['runID', 'runId'],
    ['fsycn', 'fsync'],
    ['runShadowTask', 'runShadowTasks'],
    ['invarianceRun', 'invarianceRuns'],
    ['promotionpolicy', 'promotionPolicy'],
    ['metric', 'metrics'],
  ])('%s (did you mean %s?)', async (key, nearest) => {
    const parent = await tempDir('keys');
    calls = 0;
    const err = await rejection(abraxasTick({ ...tickOptions(join(parent, 'artifacts')), [key]: new Budget({ ops: 1 }) }));
    expect(err.fn).toBe('abraxasTick');
    expect(err.field).toBe(key);
    expect(err.message).toBe(`abraxasTick: ${key} is not a known option; did you mean ${nearest}?`);
    expect(calls).toBe(0);
    expect(await listDir(parent)).toEqual([]);
  });

  it('the issue\'s case: budgetshadow is refused, not run with the default budgets', async () => {
    const parent = await tempDir('keys');
    calls = 0;
    await expect(abraxasTick({ ...tickOptions(join(parent, 'artifacts')), budgetshadow: new Budget({ ops: 0 }) } as never)).rejects.toThrow(
      'abraxasTick: budgetshadow is not a known option; did you mean budgetShadow?',
    );
    expect(calls).toBe(0);
    expect(await listDir(parent)).toEqual([]);
  });

  it('names the known options when nothing is near', async () => {
    const dir = await tempDir('keys');
    const err = await rejection(abraxasTick({ ...tickOptions(dir), colour: 'blue' } as never));
    expect(err.message).toMatch(/^abraxasTick: colour is not a known option; known options are runId, mode, artifactsDir, store, fsync, tick, /);
  });

  it('a metric spec and a per-step cost name the nearest field', async () => {
    const dir = await tempDir('keys');
    await expect(abraxasTick({ ...tickOptions(dir), metrics: { m: { fn: step, costops: 1 } as never } })).rejects.toThrow(
      'abraxasTick: metrics["m"].costops is not a metric field (fn, costOps, initialStage); did you mean costOps?',
    );
    await expect(abraxasTick({ ...tickOptions(dir), forecastCostOps: { singal: 1 } as never })).rejects.toThrow(
      "abraxasTick: forecastCostOps.singal is not a forecast step; steps are 'signal', 'compress', 'overlay'; did you mean signal?",
    );
    await expect(abraxasTick({ ...tickOptions(dir), promotionPolicy: { canary: { demote_afte: 2 } } as never })).rejects.toThrow(
      'abraxasTick: promotionPolicy.canary.demote_afte is not a policy field (promote_after, demote_after); did you mean demote_after?',
    );
    expect(await listDir(dir)).toEqual([]);
  });
});

describe('openRun, RunHandle.tick and queryRun refuse unknown option keys', () => {
  it('openRun: nothing is opened, nothing written', async () => {
    const parent = await tempDir('keys');
    const dir = join(parent, 'artifacts');
    expect(() => openRun({ runId: 'R', mode: 'm', artifactsDir: dir, budgetShadwo: new Budget({ ops: 1 }) } as never)).toThrow(
      'openRun: budgetShadwo is not a known option; did you mean budgetShadow?',
    );
    // Tick work is not an openRun option: the run's defaults are costs and budgets only.
    expect(() => openRun({ runId: 'R', mode: 'm', artifactsDir: dir, tick: 0 } as never)).toThrow(/^openRun: tick is not a known option/);
    expect(await listDir(parent)).toEqual([]);
  });

  it('RunHandle.tick: the tick is refused, nothing runs or is written, the handle still works', async () => {
    const parent = await tempDir('keys');
    const dir = join(parent, 'artifacts');
    const run = openRun({ runId: 'R', mode: 'm', artifactsDir: dir });
    calls = 0;
    await expect(run.tick({ ...work, shadowCostOp: 1 } as never)).rejects.toThrow(
      'RunHandle.tick: shadowCostOp is not a known option; did you mean shadowCostOps?',
    );
    // Run identity is the handle's, not a tick option.
    await expect(run.tick({ ...work, runId: 'OTHER' } as never)).rejects.toThrow(/^RunHandle.tick: runId is not a known option/);
    expect(calls).toBe(0);
    expect(await listDir(parent)).toEqual([]);
    await run.tick(work);
    await run.close();
    expect(await listDir(dir)).toEqual(['manifests', 'run_index', 'viz']);
  });

  it('queryRun', async () => {
    const err = await rejection(queryRun('/nonexistent', 'R', { fromtick: 3 } as never));
    expect(err.field).toBe('options.fromtick');
    expect(err.message).toBe('queryRun: options.fromtick is not a known option; did you mean fromTick?');
  });
});
