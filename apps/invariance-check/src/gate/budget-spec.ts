/**
 * Budget variations for stabilization windows, written `<forecast>/<shadow>` where each side is
 * `ops` or `ops:entropy`: `10/10`, `2:1/0`. Labels are written back in the shortest form, so
 * `10:0/10` and `10/10` are the same variation.
 * Owns: parsing and labelling budget variations. Must not: run anything.
 */
import { UsageError } from '../errors.js';
import type { ScenarioBudget } from '../scenario/scenario-types.js';

export interface BudgetVariation {
  readonly label: string;
  readonly forecast: ScenarioBudget;
  readonly shadow: ScenarioBudget;
}

const SIDE = /^(0|[1-9][0-9]*)(?::(0|[1-9][0-9]*))?$/;
export const BUDGET_SPEC_RULE = 'must be <forecast>/<shadow>, each side ops or ops:entropy in non-negative integers (e.g. 10/10 or 2:1/0)';

/** Parses one `--budget` value. Throws `UsageError` naming the option. */
export function parseBudgetSpec(text: string): BudgetVariation {
  const sides = text.split('/');
  if (sides.length !== 2) throw new UsageError('--budget', BUDGET_SPEC_RULE, text);
  const [forecast, shadow] = sides.map((side) => {
    const m = SIDE.exec(side);
    const ops = Number(m?.[1]);
    const entropy = Number(m?.[2] ?? 0);
    if (m === null || !Number.isSafeInteger(ops) || !Number.isSafeInteger(entropy)) throw new UsageError('--budget', BUDGET_SPEC_RULE, text);
    return { ops, entropy };
  }) as [ScenarioBudget, ScenarioBudget];
  return budgetVariation(forecast, shadow);
}

/** A variation with its label. */
export function budgetVariation(forecast: ScenarioBudget, shadow: ScenarioBudget): BudgetVariation {
  return { label: `${sideLabel(forecast)}/${sideLabel(shadow)}`, forecast: { ...forecast }, shadow: { ...shadow } };
}

function sideLabel(b: ScenarioBudget): string {
  return b.entropy === 0 ? String(b.ops) : `${b.ops}:${b.entropy}`;
}
