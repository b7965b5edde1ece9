/**
 * `RunHeader.v0`: what produced a run (package versions, fingerprint, default costs and budgets,
 * promotion settings, and on request the environment), sealed once per run with `runHeader` and
 * cited by every RunIndex. JSON Schema: `schemas/run-header.v0.schema.json`.
 * Owns: the record's type, options, path rule, builder and checker. Must not: do IO.
 */
import { canonicalJsonBytes, sha256Hex } from '@abraxas/ers';
import type { PromotionPolicy, PromotionStage } from '@abraxas/ers/promotion';
import type { ResolvedCosts } from '../costs.js';
import { RunHeaderError, RuntimeValidationError } from '../errors.js';
import { didYouMean } from '../option-keys.js';
import type { PromotionSetup } from '../promotion/options.js';
import type { HookRecord } from '../tick-hook.js';
import { isPlainObject, requireBoolean, requireText } from '../validate.js';

declare const __ABRAXAS_PACKAGE_VERSIONS__: { readonly [name: string]: string };

export const HEADER_KIND = 'header';
export const HEADER_SCHEMA = 'RunHeader.v0';
/** The header's manifest tick: one header per run, whichever tick comes first. */
export const HEADER_TICK = 0;

/** The @abraxas/* packages that wrote this build, by name: compiled in when the library is built. */
const PACKAGE_VERSIONS: { readonly [name: string]: string } = Object.freeze({ ...__ABRAXAS_PACKAGE_VERSIONS__ });

/** How a run seals its header: `true` for the defaults, or the fields to set. */
export interface RunHeaderOptions {
  /** What the user ties the run to (a git sha, a config hash): non-empty, well-formed text. */
  readonly fingerprint?: string;
  /** Record the environment (runtime, version, platform, arch); default false. The run's tree then depends on the machine. */
  readonly environment?: boolean;
}

/** Where the run ran (only in a header asked to record it). */
export interface RunEnvironment {
  /** `node`, `bun` or `deno`. */
  readonly runtime: string;
  /** The runtime's version as it reports it (`process.version` on Node.js). */
  readonly version: string;
  readonly platform: string;
  readonly arch: string;
}

/** The run's default costs and budgets, as a header records them. */
export interface HeaderCosts {
  readonly budget_forecast: { readonly ops: number; readonly entropy: number };
  readonly budget_shadow: { readonly ops: number; readonly entropy: number };
  readonly forecast_cost_ops: { readonly signal: number; readonly compress: number; readonly overlay: number };
  readonly shadow_cost_ops: number;
  readonly shadow_cost_ops_by_name: { readonly [task: string]: number };
  readonly shadow_concurrency: number;
}

/** The run's promotion settings, as a header records them (null in a run without metrics). */
export interface HeaderPromotion {
  readonly policy: PromotionPolicy;
  readonly invariance_runs: number;
  readonly metrics: { readonly [metric: string]: { readonly cost_ops: number; readonly initial_stage: PromotionStage } };
}

/** `RunHeader.v0`, one per run with `runHeader`. */
export interface RunHeader {
  readonly schema: 'RunHeader.v0';
  readonly run_id: string;
  readonly provenance: { readonly engine: 'abraxas'; readonly mode: string };
  /** The versions of the @abraxas/* packages that wrote the run, by package name. */
  readonly packages: { readonly [name: string]: string };
  readonly fingerprint: string | null;
  readonly costs: HeaderCosts;
  readonly promotion: HeaderPromotion | null;
  /** Present only when the run asked for it. */
  readonly environment?: RunEnvironment;
}

/** Validated `runHeader`. */
export interface HeaderSettings {
  readonly fingerprint: string | null;
  readonly environment: boolean;
}

const FIELDS: readonly string[] = ['fingerprint', 'environment'];

/** The run's `runHeader` (null when absent or false: no header). */
export function readHeaderOptions(fn: string, input: unknown): HeaderSettings | null {
  if (input === undefined || input === false) return null;
  if (input === true) return { fingerprint: null, environment: false };
  if (!isPlainObject(input)) throw new RuntimeValidationError(fn, 'runHeader', 'must be a boolean or a plain object (fingerprint, environment)', input);
  for (const key of Object.keys(input)) {
    if (!FIELDS.includes(key)) throw new RuntimeValidationError(fn, `runHeader.${key}`, `is not a field of runHeader (${FIELDS.join(', ')})${didYouMean(key, FIELDS)}`);
  }
  const { fingerprint, environment = false } = input;
  if (fingerprint !== undefined) requireText(fn, 'runHeader.fingerprint', fingerprint);
  requireBoolean(fn, 'runHeader.environment', environment);
  return { fingerprint: fingerprint ?? null, environment };
}

/** `header/<runId>/run.header.json`: where a run's header lives. */
export function headerRelPath(runId: string): string {
  return `header/${runId}/run.header.json`;
}

/** The environment this process runs in. */
export function currentEnvironment(): RunEnvironment {
  const v: Partial<Record<string, string>> = process.versions;
  const runtime = v.bun !== undefined ? 'bun' : v.deno !== undefined ? 'deno' : 'node';
  return { runtime, version: process.version, platform: process.platform, arch: process.arch };
}

/** The run's header, ready for a batch (every tick's RunIndex cites it). */
export function runHeaderWrite(o: {
  readonly runId: string;
  readonly mode: string;
  readonly settings: HeaderSettings;
  readonly costs: ResolvedCosts;
  readonly promotion: PromotionSetup | null;
}): HookRecord {
  const { runId, mode, settings, costs: c, promotion: p } = o;
  const byName: Record<string, number> = {};
  for (const [task, ops] of c.shadowByName) byName[task] = ops;
  const metrics: Record<string, { cost_ops: number; initial_stage: PromotionStage }> = {};
  if (p !== null) for (const m of p.metrics) metrics[m.name] = { cost_ops: m.costOps, initial_stage: m.initialStage };
  const header: RunHeader = {
    schema: HEADER_SCHEMA,
    run_id: runId,
    provenance: { engine: 'abraxas', mode },
    packages: { ...PACKAGE_VERSIONS },
    fingerprint: settings.fingerprint,
    costs: {
      budget_forecast: { ops: c.budgetForecast.ops, entropy: c.budgetForecast.entropy },
      budget_shadow: { ops: c.budgetShadow.ops, entropy: c.budgetShadow.entropy },
      forecast_cost_ops: { ...c.forecast },
      shadow_cost_ops: c.shadowBase,
      shadow_cost_ops_by_name: byName,
      shadow_concurrency: c.shadowConcurrency,
    },
    promotion: p === null ? null : { policy: p.policy, invariance_runs: p.invarianceRuns, metrics },
    ...(settings.environment ? { environment: currentEnvironment() } : {}),
  };
  const relPath = headerRelPath(runId);
  const sha256 = sha256Hex(canonicalJsonBytes(header));
  return { ref: HEADER_KIND, relPath, sha256, item: { runId, tick: HEADER_TICK, kind: HEADER_KIND, schema: HEADER_SCHEMA, obj: header, relPath, extra: { mode } } };
}

const HEADER_KEYS: readonly string[] = ['schema', 'run_id', 'provenance', 'packages', 'fingerprint', 'costs', 'promotion', 'environment'];
const COST_KEYS: readonly string[] = ['budget_forecast', 'budget_shadow', 'forecast_cost_ops', 'shadow_cost_ops', 'shadow_cost_ops_by_name', 'shadow_concurrency'];
const ENV_KEYS: readonly string[] = ['runtime', 'version', 'platform', 'arch'];
const STAGES: readonly unknown[] = ['candidate', 'shadow', 'canary', 'promoted'];

const count = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const text = (v: unknown): boolean => typeof v === 'string' && v.length > 0;

/** `doc` as the header of `runId`: every field checked; `RunHeaderError` naming the field otherwise. */
export function checkRunHeader(fn: string, relPath: string, doc: unknown, runId: string): RunHeader {
  const bad = (detail: string): RunHeaderError => new RunHeaderError(fn, relPath, detail);
  if (!isPlainObject(doc) || doc.schema !== HEADER_SCHEMA || doc.run_id !== runId) throw bad(`is not the ${HEADER_SCHEMA} of run ${JSON.stringify(runId)}`);
  const extra = Object.keys(doc).find((k) => !HEADER_KEYS.includes(k));
  if (extra !== undefined) throw bad(`has an unknown field ${JSON.stringify(extra)}`);
  const pv = doc.provenance;
  if (!isPlainObject(pv) || pv.engine !== 'abraxas' || !text(pv.mode) || Object.keys(pv).length !== 2) throw bad('has no provenance {engine: "abraxas", mode}');
  if (!isPlainObject(doc.packages) || !Object.values(doc.packages).every(text)) throw bad('packages must be an object of version strings by package name');
  if (doc.fingerprint !== null && !text(doc.fingerprint)) throw bad('fingerprint must be a non-empty string or null');
  checkCosts(bad, doc.costs);
  checkPromotion(bad, doc.promotion);
  if (doc.environment !== undefined) {
    const e = doc.environment;
    if (!isPlainObject(e) || Object.keys(e).length !== ENV_KEYS.length || !ENV_KEYS.every((k) => text(e[k]))) {
      throw bad(`environment must be an object of non-empty strings (${ENV_KEYS.join(', ')})`);
    }
  }
  return doc as unknown as RunHeader;
}

function checkCosts(bad: (detail: string) => RunHeaderError, c: unknown): void {
  if (!isPlainObject(c) || Object.keys(c).length !== COST_KEYS.length || !COST_KEYS.every((k) => k in c)) throw bad(`costs must hold exactly ${COST_KEYS.join(', ')}`);
  const budget = (b: unknown): boolean => isPlainObject(b) && Object.keys(b).length === 2 && count(b.ops) && count(b.entropy);
  if (!budget(c.budget_forecast) || !budget(c.budget_shadow)) throw bad('costs.budget_forecast and costs.budget_shadow must be {ops, entropy} of non-negative safe integers');
  const f = c.forecast_cost_ops;
  if (!isPlainObject(f) || Object.keys(f).length !== 3 || !count(f.signal) || !count(f.compress) || !count(f.overlay)) {
    throw bad('costs.forecast_cost_ops must be {signal, compress, overlay} of non-negative safe integers');
  }
  if (!count(c.shadow_cost_ops)) throw bad('costs.shadow_cost_ops must be a non-negative safe integer');
  if (!isPlainObject(c.shadow_cost_ops_by_name) || !Object.values(c.shadow_cost_ops_by_name).every(count)) {
    throw bad('costs.shadow_cost_ops_by_name must be an object of non-negative safe integers');
  }
  if (!count(c.shadow_concurrency) || (c.shadow_concurrency as number) < 1) throw bad('costs.shadow_concurrency must be a positive safe integer');
}

function checkPromotion(bad: (detail: string) => RunHeaderError, p: unknown): void {
  if (p === null) return;
  if (!isPlainObject(p) || !isPlainObject(p.policy) || !isPlainObject(p.metrics) || Object.keys(p).length !== 3) throw bad('promotion must be null or {policy, invariance_runs, metrics}');
  const positive = (v: unknown): boolean => count(v) && (v as number) >= 1;
  const pol = p.policy;
  const stage = (s: unknown): boolean =>
    isPlainObject(s) && Object.keys(s).every((k) => (k === 'promote_after' || k === 'demote_after') && positive(s[k]));
  if (Object.keys(pol).length !== 5 || !STAGES.every((s) => stage(pol[s as string])) || !positive(pol.max_cost_percent) || (pol.max_cost_percent as number) > 100) {
    throw bad('promotion.policy must hold candidate, shadow, canary and promoted ({promote_after?, demote_after?} of positive integers) and max_cost_percent (1..100)');
  }
  if (!positive(p.invariance_runs)) throw bad('promotion.invariance_runs must be a positive safe integer');
  for (const [name, m] of Object.entries(p.metrics)) {
    if (!isPlainObject(m) || Object.keys(m).length !== 2 || !count(m.cost_ops) || !STAGES.includes(m.initial_stage)) {
      throw bad(`promotion.metrics[${JSON.stringify(name)}] must be {cost_ops, initial_stage}`);
    }
  }
}
