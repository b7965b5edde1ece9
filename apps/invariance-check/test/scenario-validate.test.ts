import { describe, expect, it } from 'vitest';
import { ScenarioFileError } from '../src/errors.js';
import { parseScenarioDefinition } from '../src/scenario/scenario-validate.js';

const valid = {
  tick: 0,
  budget_forecast: { ops: 10, entropy: 0 },
  budget_shadow: { ops: 10 },
  tasks: [
    { name: 'a', lane: 'forecast', priority: 0, cost_ops: 1, cost_entropy: 0, tags: [], outcome: 'ok' },
    { name: 'b', lane: 'shadow', priority: 0, cost_ops: 1 },
  ],
};

function errorOf(raw: unknown, defaultId = 'scenario'): ScenarioFileError {
  try {
    parseScenarioDefinition(raw, 'scenarios/s.json', defaultId);
  } catch (e) {
    if (e instanceof ScenarioFileError) return e;
    throw e;
  }
  throw new Error('expected a ScenarioFileError');
}

describe('parseScenarioDefinition', () => {
  it('normalises a valid scenario: defaults filled, tick becomes ticks, id from the file name', () => {
    const def = parseScenarioDefinition(valid, 'scenarios/s.json', 's');
    expect(def).toEqual({
      id: 's',
      description: null,
      ticks: [0],
      budget_forecast: { ops: 10, entropy: 0 },
      budget_shadow: { ops: 10, entropy: 0 },
      context: {},
      async: false,
      runs: null,
      tasks: [
        { name: 'a', lane: 'forecast', priority: 0, cost_ops: 1, cost_entropy: 0, tags: [], outcome: 'ok' },
        { name: 'b', lane: 'shadow', priority: 0, cost_ops: 1, cost_entropy: 0, tags: [], outcome: 'ok' },
      ],
      per_run_outcomes: [],
    });
  });

  const cases: [string, unknown, string, string][] = [
    ['a non-object', [], '(top level)', 'scenarios/s.json: (top level) must be an object; got an array'],
    ['no tick', { ...valid, tick: undefined }, 'tick', 'scenarios/s.json: tick is required (or ticks, a list of ticks run in order)'],
    ['tick and ticks', { ...valid, ticks: [1] }, 'tick', 'scenarios/s.json: tick must not be given together with ticks (give one of them)'],
    ['a negative tick', { ...valid, tick: -1 }, 'tick', 'scenarios/s.json: tick must be a non-negative safe integer; got -1'],
    ['an empty ticks list', { ...valid, tick: undefined, ticks: [] }, 'ticks', 'scenarios/s.json: ticks must be a non-empty array of non-negative safe integers; got an array'],
    ['a fractional tick in ticks', { ...valid, tick: undefined, ticks: [0, 1.5] }, 'ticks[1]', 'scenarios/s.json: ticks[1] must be a non-negative safe integer; got 1.5'],
    ['a misspelt field', { ...valid, budgets: {} }, 'budgets', 'scenarios/s.json: budgets is not a known field (known fields: schema, id, description, tick, ticks, budget_forecast, budget_shadow, context, async, runs, tasks, per_run_outcomes)'],
    ['a wrong schema', { ...valid, schema: 'v2' }, 'schema', 'scenarios/s.json: schema must be "InvarianceScenario.v1" when given; got "v2"'],
    ['a bad id', { ...valid, id: '../etc' }, 'id', 'scenarios/s.json: id must start with an ASCII letter and use only ASCII letters, digits, ".", "_", ":" or "-" (at most 100 characters); got "../etc"'],
    ['a missing budget', { ...valid, budget_shadow: undefined }, 'budget_shadow', 'scenarios/s.json: budget_shadow is required: an object { ops, entropy? } of non-negative safe integers'],
    ['a negative budget', { ...valid, budget_forecast: { ops: -1 } }, 'budget_forecast.ops', 'scenarios/s.json: budget_forecast.ops must be a non-negative safe integer; got -1'],
    ['an unknown budget field', { ...valid, budget_forecast: { ops: 1, time: 2 } }, 'budget_forecast.time', 'scenarios/s.json: budget_forecast.time is not a known field (known fields: ops, entropy)'],
    ['a non-object context', { ...valid, context: 3 }, 'context', 'scenarios/s.json: context must be an object; got 3'],
    ['a non-boolean async', { ...valid, async: 'yes' }, 'async', 'scenarios/s.json: async must be true or false; got "yes"'],
    ['zero runs', { ...valid, runs: 0 }, 'runs', 'scenarios/s.json: runs must be an integer from 2 to 1000 (a gate compares at least two runs); got 0'],
    ['one run', { ...valid, runs: 1 }, 'runs', 'scenarios/s.json: runs must be an integer from 2 to 1000 (a gate compares at least two runs); got 1'],
    ['tasks not an array', { ...valid, tasks: {} }, 'tasks', 'scenarios/s.json: tasks must be an array of tasks; got an object'],
    ['an unknown lane', { ...valid, tasks: [valid.tasks[0], { ...valid.tasks[1], lane: 'sideways' }] }, 'tasks[1].lane', "scenarios/s.json: tasks[1].lane must be one of 'forecast', 'shadow'; got \"sideways\""],
    ['an empty name', { ...valid, tasks: [{ ...valid.tasks[0], name: '' }] }, 'tasks[0].name', 'scenarios/s.json: tasks[0].name must be a non-empty string; got ""'],
    ['a lone surrogate in a name', { ...valid, tasks: [{ ...valid.tasks[0], name: 'a\ud800' }] }, 'tasks[0].name', 'scenarios/s.json: tasks[0].name must be well-formed Unicode (no lone surrogates); got "a\\ud800"'],
    ['a fractional priority', { ...valid, tasks: [{ ...valid.tasks[0], priority: 0.5 }] }, 'tasks[0].priority', 'scenarios/s.json: tasks[0].priority must be a safe integer; got 0.5'],
    ['a negative cost', { ...valid, tasks: [{ ...valid.tasks[0], cost_ops: -2 }] }, 'tasks[0].cost_ops', 'scenarios/s.json: tasks[0].cost_ops must be a non-negative safe integer; got -2'],
    ['a string cost_entropy', { ...valid, tasks: [{ ...valid.tasks[0], cost_entropy: '1' }] }, 'tasks[0].cost_entropy', 'scenarios/s.json: tasks[0].cost_entropy must be a non-negative safe integer; got "1"'],
    ['a non-string tag', { ...valid, tasks: [{ ...valid.tasks[0], tags: ['x', 2] }] }, 'tasks[0].tags[1]', 'scenarios/s.json: tasks[0].tags[1] must be a string; got 2'],
    ['an unknown outcome', { ...valid, tasks: [{ ...valid.tasks[0], outcome: 'crash' }] }, 'tasks[0].outcome', "scenarios/s.json: tasks[0].outcome must be one of 'ok', 'throw'; got \"crash\""],
    ['an unknown task field', { ...valid, tasks: [{ ...valid.tasks[0], cost: 1 }] }, 'tasks[0].cost', 'scenarios/s.json: tasks[0].cost is not a known field (known fields: name, lane, priority, cost_ops, cost_entropy, tags, outcome)'],
    ['a duplicate name', { ...valid, tasks: [valid.tasks[0], { ...valid.tasks[1], name: 'a' }] }, 'tasks[1].name', 'scenarios/s.json: tasks[1].name must be unique; it is also tasks[0].name; got "a"'],
    ['per-run outcomes not an array', { ...valid, per_run_outcomes: {} }, 'per_run_outcomes', 'scenarios/s.json: per_run_outcomes must be an array with one object per run; got an object'],
    ['a per-run override of an unknown task', { ...valid, per_run_outcomes: [{}, { c: 'ok' }] }, 'per_run_outcomes[1]["c"]', 'scenarios/s.json: per_run_outcomes[1]["c"] must name a task in tasks'],
    ['a bad per-run outcome', { ...valid, per_run_outcomes: [{ a: 'maybe' }] }, 'per_run_outcomes[0]["a"]', "scenarios/s.json: per_run_outcomes[0][\"a\"] must be one of 'ok', 'throw', 'absent'; got \"maybe\""],
  ];

  for (const [what, raw, field, message] of cases) {
    it(`rejects ${what}, naming file, field and rule`, () => {
      const e = errorOf(raw);
      expect(e.file).toBe('scenarios/s.json');
      expect(e.field).toBe(field);
      expect(e.message).toBe(message);
    });
  }

  it('requires an id when the file name does not make one', () => {
    expect(errorOf(valid, '1st scenario').message).toBe(
      'scenarios/s.json: id is required because the file name does not make a valid id (an id must start with an ASCII letter and use only ASCII letters, digits, ".", "_", ":" or "-" (at most 100 characters)); got "1st scenario"',
    );
    expect(parseScenarioDefinition({ ...valid, id: 'first' }, 'scenarios/s.json', '1st scenario').id).toBe('first');
  });

  it('accepts the golden gate vectors as they are (without their expected result)', () => {
    const def = parseScenarioDefinition(
      {
        id: 'gate-drift-alternating-error',
        tick: 0,
        budget_forecast: { ops: 10, entropy: 0 },
        budget_shadow: { ops: 10, entropy: 0 },
        tasks: [{ name: 'task', lane: 'forecast', priority: 0, cost_ops: 1, cost_entropy: 0, tags: [], outcome: 'ok' }],
        runs: 12,
        per_run_outcomes: [{ task: 'ok' }, { task: 'throw' }],
      },
      'g.json',
      'g',
    );
    expect(def.runs).toBe(12);
    expect(def.per_run_outcomes).toEqual([{ task: 'ok' }, { task: 'throw' }]);
  });
});
