/**
 * The environment variations of `--vary-env`, in the manner of reprotest: each run gets its own
 * time zone, locale (LANG and LC_ALL) and working folder (names with spaces and non-ASCII letters,
 * at different depths). Run 0 is the control (UTC, C.UTF-8); the others differ from it and from
 * their neighbours, so a trace that depends on any of them drifts.
 * Owns: which environment run i gets. Must not: spawn processes or create folders.
 */

const TIME_ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Lord_Howe', 'Etc/GMT+12'] as const;
const LOCALES = ['C.UTF-8', 'en_US.UTF-8', 'fr_FR.UTF-8', 'tr_TR.UTF-8', 'de_DE.UTF-8'] as const;

/** The environment of one run (a reported record: snake_case). `cwd` is relative to the run's temp root. */
export interface RunEnvironment {
  readonly run: number;
  readonly tz: string;
  readonly lang: string;
  /** Working folder under the temporary root, `/`-separated (reports show it as `$TMP/<cwd>`). */
  readonly cwd: string;
}

/** The environment of run `run` (0-based). */
export function environmentFor(run: number): RunEnvironment {
  const nn = String(run).padStart(2, '0');
  const folders = [`run-${nn}`, `run ${nn}/with space`, `rün-${nn}/deeper/still`] as const;
  return {
    run,
    tz: TIME_ZONES[run % TIME_ZONES.length] as string,
    lang: LOCALES[run % LOCALES.length] as string,
    cwd: folders[run % folders.length] as string,
  };
}

/** The variables a child process of run `env.run` gets on top of the parent's. */
export function environmentVariables(env: RunEnvironment): Record<string, string> {
  return { TZ: env.tz, LANG: env.lang, LC_ALL: env.lang };
}
