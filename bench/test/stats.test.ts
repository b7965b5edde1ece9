// The arithmetic behind every figure, checked against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { runsFor } from '../src/cases/run-tick.js';
import { windowOf } from '../src/cases/abraxas-tick.js';
import { ms, thousands } from '../src/format.js';
import { interleave } from '../src/interleave.js';
import { allPassed, check, summarise } from '../src/results.js';
import { BenchStatsError, mean, median, ratio, slope } from '../src/stats.js';

describe('median', () => {
  it('is the middle value of an odd count, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([7])).toBe(7);
    expect(median([9, 2, 8, 1, 100])).toBe(8);
  });

  it('is the mean of the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, 20])).toBe(15);
  });

  it('leaves its input as it was', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });

  it('refuses empty or non-finite data, naming the function, the field and the rule', () => {
    expect(() => median([])).toThrow(new BenchStatsError('median', 'xs', 'must not be empty', []));
    expect(() => median([])).toThrow('median: xs must not be empty; got an array of 0');
    expect(() => median([1, Number.NaN])).toThrow('median: xs entries must be finite numbers; got NaN');
  });
});

describe('mean, ratio and slope', () => {
  it('mean of 1..4 is 2.5', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
  });

  it('ratio is value over floor, and needs a positive floor', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(0.5, 2)).toBe(0.25);
    expect(() => ratio(1, 0)).toThrow('ratio: floor must be a positive finite number; got 0');
  });

  it('slope is the least-squares rise per unit', () => {
    expect(slope([0, 1, 2, 3], [1, 3, 5, 7])).toBe(2);
    expect(slope([1000, 2000, 3000], [10, 10, 10])).toBe(0);
    // Points (0,0), (1,1), (2,1): x̄ = 1, ȳ = 2/3; Σdx·dy = (-1)(-2/3) + 0 + (1)(1/3) = 1; Σdx² = 2.
    expect(slope([0, 1, 2], [0, 1, 1])).toBeCloseTo(0.5, 12);
    expect(() => slope([1, 1], [2, 3])).toThrow('slope: xs must hold at least two distinct values');
  });
});

describe('summarise', () => {
  const input = { id: 'x', label: 'x', floor: 'f', samples: [10, 30, 20], floorSamples: [4, 6, 5, 100] };

  it('takes the median of each side and their ratio', () => {
    const m = summarise({ ...input, targetRatio: 4 });
    expect(m.median_ms).toBe(20);
    expect(m.floor_median_ms).toBe(5.5); // (5 + 6) / 2
    expect(m.ratio).toBeCloseTo(20 / 5.5, 12);
    expect(m.runs).toBe(3);
    expect(m.pass).toBe(true);
  });

  it('fails above the target and has no verdict without one', () => {
    expect(summarise({ ...input, targetRatio: 3 }).pass).toBe(false);
    expect(summarise({ ...input, targetRatio: null }).pass).toBeNull();
  });

  it('a check passes at its target and fails above it', () => {
    expect(check('c', 'c', 1.2, 'x', 1.2).pass).toBe(true);
    expect(check('c', 'c', 1.25, 'x', 1.2).pass).toBe(false);
  });

  it('the run passes when nothing with a target failed', () => {
    const ok = summarise({ ...input, targetRatio: 4 });
    const none = summarise({ ...input, targetRatio: null });
    const bad = summarise({ ...input, targetRatio: 3 });
    expect(allPassed([ok, none], [check('c', 'c', 1, 'x', 1.2)])).toBe(true);
    expect(allPassed([ok, bad], [])).toBe(false);
    expect(allPassed([ok], [check('c', 'c', 2, 'x', 1.2)])).toBe(false);
  });
});

describe('interleave', () => {
  it('warms up, then alternates which of case and floor goes first, keeping only measured runs', async () => {
    const order: string[] = [];
    let c = 0;
    let f = 0;
    const s = await interleave({
      runs: 3,
      warmup: 1,
      case: () => {
        order.push('case');
        return { t: ++c };
      },
      floor: () => {
        order.push('floor');
        return { t: 100 + ++f };
      },
    });
    expect(order).toEqual(['case', 'floor', 'case', 'floor', 'floor', 'case', 'case', 'floor']);
    expect(s.case.t).toEqual([2, 3, 4]);
    expect(s.floor.t).toEqual([102, 103, 104]);
  });
});

describe('sizes and formatting', () => {
  it('smaller runTick sizes get more runs', () => {
    expect([runsFor(1000, 9), runsFor(10_000, 9), runsFor(100_000, 9)]).toEqual([36, 18, 9]);
  });

  it('a window is a tenth of the run', () => {
    expect([windowOf(10_000), windowOf(300), windowOf(10)]).toEqual([1000, 30, 1]);
  });

  it('writes numbers without the locale', () => {
    expect(thousands(100_000)).toBe('100,000');
    expect(thousands(1234567.5)).toBe('1,234,567.5');
    expect(thousands(999)).toBe('999');
    expect([ms(1234.4), ms(12.34), ms(1.234), ms(0.1234)]).toEqual(['1,234 ms', '12.3 ms', '1.23 ms', '0.123 ms']);
  });
});
