/**
 * `Budget`: an immutable envelope of ops and entropy for one lane in one tick.
 * Owns: budget values and the affordability rule (`cost <= remaining`). Must not: track spending
 * (the scheduler derives remaining budgets).
 */
import { brandKey, hasBrand, setBrand } from './brand.js';
import { optionKeys, requireKnownKeys } from './option-keys.js';
import { isNonNegativeSafeInt, requireNonNegativeInt, requireObject } from './validate.js';

const BUDGET = brandKey('Budget');

export interface BudgetInit {
  readonly ops: number;
  readonly entropy?: number;
}

const BUDGET_INIT_KEYS = optionKeys<BudgetInit>({ ops: true, entropy: true });

/**
 * `instanceof Budget` holds for a Budget made by any copy of this package (the ESM or CommonJS
 * build, another installed version): it tests the registered brand `Symbol.for('@abraxas/ers.Budget')`
 * and that `ops` and `entropy` are non-negative safe integers, not the class identity.
 */
export class Budget {
  static [Symbol.hasInstance](value: unknown): boolean {
    if (!hasBrand(value, BUDGET)) return false;
    const { ops, entropy } = value as { ops?: unknown; entropy?: unknown };
    return isNonNegativeSafeInt(ops) && isNonNegativeSafeInt(entropy);
  }

  /** Abstract work units available. */
  readonly ops: number;
  /** Abstract complexity units available. */
  readonly entropy: number;

  constructor(init: BudgetInit) {
    requireObject('Budget', 'init', init);
    requireKnownKeys('Budget', init, BUDGET_INIT_KEYS);
    requireNonNegativeInt('Budget', 'ops', init.ops);
    const entropy = init.entropy ?? 0;
    requireNonNegativeInt('Budget', 'entropy', entropy);
    this.ops = init.ops;
    this.entropy = entropy;
    Object.freeze(this);
  }

  /** True iff a task costing `ops` and `entropy` fits: `ops <= this.ops && entropy <= this.entropy`. */
  canAfford(ops: number, entropy = 0): boolean {
    requireNonNegativeInt('Budget.canAfford', 'ops', ops);
    requireNonNegativeInt('Budget.canAfford', 'entropy', entropy);
    return ops <= this.ops && entropy <= this.entropy;
  }

  /** The plain `{ ops, entropy }` record (what JSON and the reference's `asdict` give). */
  toJSON(): { ops: number; entropy: number } {
    return { ops: this.ops, entropy: this.entropy };
  }
}

setBrand(Budget.prototype, BUDGET);
