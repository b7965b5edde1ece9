/**
 * The runtimes the cross-runtime check knows, and `--runtimes <list>`: comma-separated ids or
 * `all`. Node 20 (the Node running the check) is always a column: it is the baseline for cases that
 * have no reference vector (artifact trees, Merkle roots), so it is added first when not listed.
 * Owns: runtime ids and parsing the list. Must not: locate or start runtimes.
 */
import { UsageError } from '../errors.js';

export const RUNTIME_IDS = ['node20', 'node22', 'node24', 'bun', 'deno', 'chromium'] as const;
export type RuntimeId = (typeof RUNTIME_IDS)[number];

const LIST_RULE = `must be a comma-separated list of ${RUNTIME_IDS.join(', ')}, or all`;

function isRuntimeId(value: string): value is RuntimeId {
  return (RUNTIME_IDS as readonly string[]).includes(value);
}

/** The runtimes `value` names, in the canonical order above, node20 always included. */
export function parseRuntimeList(value: string): RuntimeId[] {
  const names = value.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new UsageError('--runtimes', LIST_RULE, value);
  if (names.includes('all')) {
    if (names.length > 1) throw new UsageError('--runtimes', `${LIST_RULE} (all stands alone)`, value);
    return [...RUNTIME_IDS];
  }
  for (const n of names) if (!isRuntimeId(n)) throw new UsageError('--runtimes', `${LIST_RULE}: ${JSON.stringify(n)} is not a runtime`, value);
  const chosen = new Set<string>(['node20', ...names]);
  return RUNTIME_IDS.filter((id) => chosen.has(id));
}
