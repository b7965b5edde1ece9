/**
 * The command line of `pnpm bench`: the full preset by default, `--quick` for a smoke run, and
 * overrides of every size. Bad arguments are refused with a `BenchUsageError` naming the option
 * and the rule.
 * Owns: parsing arguments into a configuration. Must not: run anything.
 */

export type CaseGroup = 'run_tick' | 'trace_hash' | 'shadow_view' | 'shadow_concurrency' | 'canonical_json' | 'abraxas_tick' | 'store_writers' | 'run_read';
export const CASE_GROUPS: readonly CaseGroup[] = ['run_tick', 'trace_hash', 'shadow_view', 'shadow_concurrency', 'canonical_json', 'abraxas_tick', 'store_writers', 'run_read'];

export interface BenchConfig {
  readonly preset: 'full' | 'quick';
  /** Task counts of the runTick case; the runTick target applies to the largest. */
  readonly tasks: readonly number[];
  /** Events in the hashed trace. */
  readonly traceEvents: number;
  /** Mixed records written as canonical JSON. */
  readonly jsonRecords: number;
  /** Ticks per run of the abraxasTick cases. */
  readonly ticks: number;
  /** Measured runs per figure (more for small runTick sizes), after `warmup` unmeasured ones. */
  readonly runs: number;
  readonly warmup: number;
  /** Measured runs of verifyRun and of its floor. */
  readonly verifyRuns: number;
  /** Ticks each writer process runs per measured run of the store_writers cases. */
  readonly storeTicks: number;
  /** Ticks of the run the run_read case reads back. */
  readonly readTicks: number;
  /** Which cases run (verifyRun runs with abraxas_tick, over its run). */
  readonly only: readonly CaseGroup[];
  /** Where results.json goes; null: `bench/results.json`. */
  readonly out: string | null;
  /** Exit with code 1 when a target is missed. */
  readonly check: boolean;
}

export const FULL: BenchConfig = {
  preset: 'full',
  tasks: [1000, 10_000, 100_000],
  traceEvents: 100_000,
  jsonRecords: 20_000,
  ticks: 10_000,
  runs: 9,
  warmup: 2,
  verifyRuns: 5,
  storeTicks: 200,
  readTicks: 100_000,
  only: CASE_GROUPS,
  out: null,
  check: false,
};

export const QUICK: BenchConfig = {
  preset: 'quick',
  tasks: [1000, 10_000],
  traceEvents: 10_000,
  jsonRecords: 5_000,
  ticks: 300,
  runs: 5,
  warmup: 1,
  verifyRuns: 3,
  storeTicks: 30,
  readTicks: 2_000,
  only: CASE_GROUPS,
  out: null,
  check: false,
};

export const USAGE = `Usage: pnpm bench [--quick] [options]
  --quick              smaller sizes, for a smoke run (well under a minute)
  --tasks N[,N...]     runTick task counts (full: 1000,10000,100000; quick: 1000,10000)
  --trace-events N     events in the hashed trace (full: 100000; quick: 10000)
  --json-records N     mixed records written as canonical JSON (full: 20000; quick: 5000)
  --ticks N            ticks per abraxasTick run, at least 10 (full: 10000; quick: 300)
  --runs N             measured runs per figure (full: 9; quick: 5); x2 up to 10,000 tasks, x4 up to 1,000,
                       x3 for canonical_json
  --warmup N           unmeasured runs first (full: 2; quick: 1)
  --verify-runs N      measured runs of verifyRun (full: 5; quick: 3)
  --store-ticks N      ticks per writer process per run of store_writers (full: 200; quick: 30)
  --read-ticks N       ticks of the run that run_read reads back (full: 100000; quick: 2000)
  --only G[,G...]      run_tick, trace_hash, shadow_view, shadow_concurrency, canonical_json, abraxas_tick (abraxas_tick includes verifyRun), store_writers, run_read
  --out FILE           results file (default: bench/results.json)
  --check              exit with code 1 when a target is missed (default: report only)`;

/** A bad command line. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
  constructor(
    readonly option: string,
    rule: string,
    value: unknown,
  ) {
    super(`pnpm bench: ${option} ${rule}; got ${JSON.stringify(value)}`);
  }
}

function int(option: string, raw: string | undefined, min: number): number {
  const n = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new BenchUsageError(option, `must be an integer of at least ${min}`, raw ?? null);
  return n;
}

/** The configuration for `argv` (the arguments after the script name). `--help` gives null. */
export function parseArgs(argv: readonly string[]): BenchConfig | null {
  if (argv.includes('--help') || argv.includes('-h')) return null;
  let c: BenchConfig = argv.includes('--quick') ? QUICK : FULL;
  for (let i = 0; i < argv.length; i++) {
    const opt = argv[i] ?? '';
    if (opt === '--quick') continue;
    if (opt === '--check') {
      c = { ...c, check: true };
      continue;
    }
    const value = argv[i + 1];
    i++;
    switch (opt) {
      case '--tasks':
        c = { ...c, tasks: (value ?? '').split(',').map((v) => int(opt, v, 1)) };
        break;
      case '--trace-events':
        c = { ...c, traceEvents: int(opt, value, 1) };
        break;
      case '--json-records':
        c = { ...c, jsonRecords: int(opt, value, 1) };
        break;
      case '--ticks':
        c = { ...c, ticks: int(opt, value, 10) };
        break;
      case '--runs':
        c = { ...c, runs: int(opt, value, 1) };
        break;
      case '--warmup':
        c = { ...c, warmup: int(opt, value, 0) };
        break;
      case '--verify-runs':
        c = { ...c, verifyRuns: int(opt, value, 1) };
        break;
      case '--store-ticks':
        c = { ...c, storeTicks: int(opt, value, 1) };
        break;
      case '--read-ticks':
        c = { ...c, readTicks: int(opt, value, 1) };
        break;
      case '--only': {
        const groups = (value ?? '').split(',');
        for (const g of groups) {
          if (!(CASE_GROUPS as readonly string[]).includes(g)) throw new BenchUsageError(opt, `must list cases among ${CASE_GROUPS.join(', ')}`, value ?? null);
        }
        c = { ...c, only: CASE_GROUPS.filter((g) => groups.includes(g)) };
        break;
      }
      case '--out':
        if (value === undefined || value === '') throw new BenchUsageError(opt, 'must be a file path', value ?? null);
        c = { ...c, out: value };
        break;
      default:
        throw new BenchUsageError('option', 'must be one of those listed by --help', opt);
    }
  }
  return c;
}
