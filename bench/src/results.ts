/**
 * The shape of `bench/results.json` and of what each case process reports, and how a measurement
 * is summarised from its samples (median, floor median, ratio, pass against the target).
 * Records written to disk use snake_case field names, as the project's other on-disk records do.
 * Owns: the result records and their summary. Must not: measure, print or write files.
 */
import { median, ratio } from './stats.js';

/** One case against its floor: medians over the same number of interleaved runs. */
export interface Measurement {
  /** Stable id, e.g. `run_tick.100000`. */
  readonly id: string;
  /** What was measured, in words. */
  readonly label: string;
  /** What the floor does, in words. */
  readonly floor: string;
  /** How many measured runs (or ticks) each median is over. */
  readonly runs: number;
  readonly median_ms: number;
  readonly floor_median_ms: number;
  /** `median_ms / floor_median_ms`. */
  readonly ratio: number;
  /** The most `ratio` may be, or null when the issue sets no target for this figure. */
  readonly target_ratio: number | null;
  /** `ratio <= target_ratio`, or null without a target. */
  readonly pass: boolean | null;
  /** Further figures of the case (ticks/s, MB/s, file counts, ...). */
  readonly extra: Readonly<Record<string, number | string>>;
}

/** A target that is not a ratio to a floor: growth over a run, peak memory. */
export interface Check {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  /** The most `value` may be. */
  readonly target_max: number;
  readonly pass: boolean;
}

/** What one case process prints on its stdout (as JSON). */
export interface CaseReport {
  readonly measurements: readonly Measurement[];
  readonly checks: readonly Check[];
}

export interface MachineInfo {
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpu_model: string;
  readonly cores: number;
  readonly total_memory_mb: number;
  /** 1, 5 and 15 minute load averages when the benchmarks started and when they ended. */
  readonly load_average_start: readonly number[];
  readonly load_average_end: readonly number[];
}

/** `bench/results.json`. */
export interface BenchResults {
  readonly schema: 'AbraxasBench.v1';
  readonly preset: 'full' | 'quick';
  /** When the run started (ISO 8601, UTC). */
  readonly recorded_at: string;
  readonly duration_s: number;
  readonly machine: MachineInfo;
  readonly config: Readonly<Record<string, unknown>>;
  readonly measurements: readonly Measurement[];
  readonly checks: readonly Check[];
  /** True when every measurement with a target and every check passed. */
  readonly passed: boolean;
}

export interface MeasurementInput {
  readonly id: string;
  readonly label: string;
  readonly floor: string;
  /** Timings of the case's runs, in ms. */
  readonly samples: readonly number[];
  /** Timings of the floor's runs, in ms. */
  readonly floorSamples: readonly number[];
  readonly targetRatio: number | null;
  readonly extra?: Readonly<Record<string, number | string>>;
}

/** A measurement from its samples: medians of each side, their ratio, and the verdict. */
export function summarise(m: MeasurementInput): Measurement {
  const med = median(m.samples);
  const floorMed = median(m.floorSamples);
  const r = ratio(med, floorMed);
  return {
    id: m.id,
    label: m.label,
    floor: m.floor,
    runs: Math.min(m.samples.length, m.floorSamples.length),
    median_ms: med,
    floor_median_ms: floorMed,
    ratio: r,
    target_ratio: m.targetRatio,
    pass: m.targetRatio === null ? null : r <= m.targetRatio,
    extra: m.extra ?? {},
  };
}

/** A check of `value` against the most it may be. */
export function check(id: string, label: string, value: number, unit: string, targetMax: number): Check {
  return { id, label, value, unit, target_max: targetMax, pass: value <= targetMax };
}

/** True when nothing with a target failed. */
export function allPassed(measurements: readonly Measurement[], checks: readonly Check[]): boolean {
  return measurements.every((m) => m.pass !== false) && checks.every((c) => c.pass);
}
