/**
 * The canonical-JSON workload: N mixed records (about 100 bytes of canonical JSON each) — strings
 * ASCII and not, some needing escapes, integers, floats, booleans, null, nested objects and arrays,
 * keys inserted out of code-point order. Made from the index alone: the same N gives the same records.
 * Owns: the records. Must not: time anything.
 */

const WORDS = ['alpha', 'beta', 'gamma', 'δέλτα', 'épsilon', 'zeta', 'eta "q"', 'theta\n', '日本', 'x'] as const;
const STATUSES = ['ok', 'error', 'skipped_budget', 'not_computable'] as const;

export type MixedRecord = Readonly<Record<string, unknown>>;

export function mixedRecords(n: number): MixedRecord[] {
  const out: MixedRecord[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      task: `task:${String(i % 97)}`,
      tick: i,
      status: STATUSES[i % 4],
      value: i % 5 === 0 ? null : { score: (i % 1000) / 8, label: WORDS[i % 10], ok: i % 2 === 0 },
      tags: i % 3 === 0 ? [] : ['rune', WORDS[(i + 3) % 10]],
      cost_ops: i % 13,
      id: `r${String(i)}`,
    });
  }
  return out;
}
