import { describe, expect, it } from 'vitest';
import { differingPaths, fieldRows, keyPath } from '../src/reports/field-diff.js';

const event = {
  cost_entropy: 0,
  cost_ops: 1,
  lane: 'forecast',
  meta: { tags: ['model', 'call:1'] },
  status: 'ok',
  task: 'predict',
  tick: 0,
};

describe('differingPaths', () => {
  it('is empty for equal values', () => {
    expect(differingPaths(event, structuredClone(event))).toEqual([]);
  });

  it('names a changed top-level field', () => {
    expect(differingPaths(event, { ...event, status: 'error' })).toEqual(['status']);
  });

  it('names a changed array item by index inside a nested object', () => {
    expect(differingPaths(event, { ...event, meta: { tags: ['model', 'call:2'] } })).toEqual(['meta.tags[1]']);
  });

  it('names every differing field, in canonical (code-point) key order', () => {
    expect(differingPaths(event, { ...event, tick: 3, cost_ops: 2, task: 'other' })).toEqual(['cost_ops', 'task', 'tick']);
  });

  it('names a field present on one side only', () => {
    const skipped = { ...event, status: 'skipped_budget', meta: { reason: 'budget' } };
    expect(differingPaths(event, skipped)).toEqual(['meta.reason', 'meta.tags[0]', 'meta.tags[1]', 'status']);
  });

  it('names extra array items of the longer side', () => {
    expect(differingPaths({ tags: ['a'] }, { tags: ['a', 'b', 'c'] })).toEqual(['tags[1]', 'tags[2]']);
  });

  it('distinguishes an empty array from a missing field', () => {
    expect(differingPaths({ meta: { tags: [] } }, { meta: {} })).toEqual(['meta.tags']);
  });

  it('reports a change of kind (array against object) at the node itself', () => {
    expect(differingPaths({ meta: [1] }, { meta: { 0: 1 } })).toEqual(['meta']);
  });

  it('quotes keys that are not identifiers', () => {
    expect(differingPaths({ meta: { 'odd key': 1, 'é': 2 } }, { meta: { 'odd key': 2, 'é': 3 } })).toEqual(['meta["odd key"]', 'meta["é"]']);
  });

  it('compares values by JSON, so 1 and "1" differ', () => {
    expect(differingPaths({ a: 1 }, { a: '1' })).toEqual(['a']);
  });

  it('handles the gate report of traces of different length', () => {
    expect(differingPaths({ _len: 2 }, { _len: 1 })).toEqual(['_len']);
  });
});

describe('fieldRows', () => {
  it('lists every leaf of both sides with canonical JSON values', () => {
    const rows = fieldRows({ a: 1, m: { t: ['x'] } }, { a: 1, m: { t: ['y'] }, z: null });
    expect(rows).toEqual([
      { path: 'a', a: '1', b: '1', differs: false },
      { path: 'm.t[0]', a: '"x"', b: '"y"', differs: true },
      { path: 'z', a: null, b: 'null', differs: true },
    ]);
  });

  it('shows empty containers as leaves', () => {
    expect(fieldRows({ tags: [] }, { tags: [] })).toEqual([{ path: 'tags', a: '[]', b: '[]', differs: false }]);
  });
});

describe('keyPath', () => {
  it('joins identifiers with dots and quotes the rest', () => {
    expect(keyPath('', 'status')).toBe('status');
    expect(keyPath('meta', 'tags')).toBe('meta.tags');
    expect(keyPath('meta', 'a.b')).toBe('meta["a.b"]');
    expect(keyPath('', '1x')).toBe('["1x"]');
  });
});
