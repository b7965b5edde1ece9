import { describe, expect, it } from 'vitest';
import { abraxasTick, openRun, RuntimeValidationError, type AbraxasTickOptions } from '../src/index.js';
import { listDir, tempDir } from './support/fs.js';

let calls = 0;
const step = (): unknown => {
  calls++;
  return { ok: true };
};
const metric = { fn: step };

function base(dir: string): AbraxasTickOptions {
  return { tick: 0, runId: 'RUN-V', mode: 'test', context: {}, artifactsDir: dir, runSignal: step, runCompress: step, runOverlay: step, metrics: { m: metric } };
}

/** Each case: a label, the exact message the error must carry (for `abraxasTick`), and the bad options. */
const cases: readonly (readonly [string, string, (o: AbraxasTickOptions) => unknown])[] = [
  ['negative window', 'promotionPolicy.shadow.promote_after must be a positive safe integer; got -1', (o) => ({ ...o, promotionPolicy: { shadow: { promote_after: -1 } } })],
  ['zero window', 'promotionPolicy.canary.demote_after must be a positive safe integer; got 0', (o) => ({ ...o, promotionPolicy: { canary: { demote_after: 0 } } })],
  ['fractional window', 'promotionPolicy.promoted.demote_after must be a positive safe integer; got 1.5', (o) => ({ ...o, promotionPolicy: { promoted: { demote_after: 1.5 } } })],
  ['window undefined', 'promotionPolicy.shadow.demote_after must be a positive integer or left out (for the default); got undefined', (o) => ({ ...o, promotionPolicy: { shadow: { demote_after: undefined } } })],
  ['unknown stage in the policy', 'promotionPolicy.beta is not a stage; stages are candidate, shadow, canary, promoted', (o) => ({ ...o, promotionPolicy: { beta: { promote_after: 2 } } })],
  ['unknown policy field', 'promotionPolicy.shadow.promote_before is not a policy field (promote_after, demote_after); did you mean promote_after?', (o) => ({ ...o, promotionPolicy: { shadow: { promote_before: 2 } } })],
  ['promotion past the top', 'promotionPolicy.promoted.promote_after must be absent: promoted is the top stage', (o) => ({ ...o, promotionPolicy: { promoted: { promote_after: 2 } } })],
  ['demotion below the bottom', 'promotionPolicy.candidate.demote_after must be absent: candidate is the bottom stage', (o) => ({ ...o, promotionPolicy: { candidate: { demote_after: 2 } } })],
  ['cost share 0', 'promotionPolicy.max_cost_percent must be a positive safe integer; got 0', (o) => ({ ...o, promotionPolicy: { max_cost_percent: 0 } })],
  ['cost share 101', 'promotionPolicy.max_cost_percent must be at most 100; got 101', (o) => ({ ...o, promotionPolicy: { max_cost_percent: 101 } })],
  ['policy not an object', 'promotionPolicy must be a plain object; got an array', (o) => ({ ...o, promotionPolicy: [] })],
  ['unknown initial stage', 'metrics["m"].initialStage must be one of candidate, shadow, canary, promoted; got "beta"', (o) => ({ ...o, metrics: { m: { fn: step, initialStage: 'beta' } } })],
  ['metric not an object', 'metrics["m"] must be a plain object; got a function', (o) => ({ ...o, metrics: { m: step } })],
  ['metric without fn', 'metrics["m"].fn must be a function; got undefined', (o) => ({ ...o, metrics: { m: {} } })],
  ['unknown metric field', 'metrics["m"].initial_stage is not a metric field (fn, costOps, initialStage); did you mean initialStage?', (o) => ({ ...o, metrics: { m: { fn: step, initial_stage: 'shadow' } } })],
  ['negative metric cost', 'metrics["m"].costOps must be a non-negative safe integer; got -2', (o) => ({ ...o, metrics: { m: { fn: step, costOps: -2 } } })],
  ['empty metric name', 'metrics key must be a non-empty string; got ""', (o) => ({ ...o, metrics: { '': metric } })],
  ['metrics not an object', 'metrics must be a plain object of metric specs by name; got an array', (o) => ({ ...o, metrics: [metric] })],
  ['one invariance run', 'invarianceRuns must be an integer from 2 to 1000; got 1', (o) => ({ ...o, invarianceRuns: 1 })],
  ['too many invariance runs', 'invarianceRuns must be an integer from 2 to 1000; got 1001', (o) => ({ ...o, invarianceRuns: 1001 })],
  ['fractional invariance runs', 'invarianceRuns must be an integer from 2 to 1000; got 2.5', (o) => ({ ...o, invarianceRuns: 2.5 })],
  ['metric cost of an unknown metric', 'metricCostOps["n"] must name one of the run\'s metrics (a key of metrics)', (o) => ({ ...o, metricCostOps: { n: 1 } })],
  ['negative metric cost this tick', 'metricCostOps must be a non-negative safe integer; got -1', (o) => ({ ...o, metricCostOps: -1 })],
  ['metric cost without metrics', 'metricCostOps must be absent: the run has no metrics', (o) => ({ ...o, metrics: {}, metricCostOps: 1 })],
];

describe('bad promotion input is refused before anything runs or is written', () => {
  it.each(cases)('abraxasTick: %s', async (_label, message, bad) => {
    const dir = await tempDir('pv');
    calls = 0;
    const err = await abraxasTick(bad(base(dir)) as AbraxasTickOptions).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RuntimeValidationError);
    expect((err as Error).message).toBe(`abraxasTick: ${message}`);
    expect(calls).toBe(0);
    expect(await listDir(dir)).toEqual([]);
  });

  it.each(cases)('openRun (or its first tick, for metricCostOps): %s', async (_label, message, bad) => {
    const dir = await tempDir('pv');
    calls = 0;
    // openRun takes the run's fields, its first tick the tick's work.
    const { tick, context, runSignal, runCompress, runOverlay, metricCostOps, ...run } = bad(base(dir)) as AbraxasTickOptions;
    const open = () => openRun(run).tick({ tick, context, runSignal, runCompress, runOverlay, metricCostOps });
    const err = await Promise.resolve()
      .then(open)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(RuntimeValidationError);
    expect((err as Error).message).toMatch(/^(openRun|RunHandle\.tick): /);
    expect((err as Error).message.replace(/^(openRun|RunHandle\.tick): /, '')).toBe(message);
    expect(calls).toBe(0);
    expect(await listDir(dir)).toEqual([]);
  });
});
