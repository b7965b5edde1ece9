/**
 * The references hook of `verifyRun`: a rule, supplied by the package that owns a record kind,
 * names the records a record cites; this module checks each against the manifest.
 * Owns: the rule's shape and the check of named references. Must not: know any record kind.
 */
import { ArtifactValidationError } from './errors.js';
import type { ManifestRecord } from './records.js';
import { isPlainObject, relPathProblem, requireKnownKeys } from './validate.js';
import type { VerifyProblem } from './verify.js';

/** One record that a record cites. */
export interface RecordReference {
  /** The field that holds the cited path, as problems name it (for example `refs.trendpack`). */
  readonly field: string;
  /** The cited path as the record holds it: it must be the relative path of a listed record. */
  readonly path: unknown;
  /** The SHA-256 the record holds for the cited record, and its field; a `value` of undefined is reported missing. */
  readonly sha256?: { readonly field: string; readonly value: unknown };
}

/** What a record's content says about the records it cites. */
export interface RecordReferences {
  readonly references: readonly RecordReference[];
  /** What is wrong with how the content names them, each reported as a `bad_ref` of the record. */
  readonly problems: readonly string[];
}

/**
 * A reference rule: which records cite others, and what they cite. Only records `appliesTo`
 * accepts are parsed; `references` gets a record's parsed JSON once its bytes match their seal.
 * `appliesTo` must answer a boolean and `references` a `RecordReferences` (problems non-empty
 * strings): `verifyRun` refuses any other answer as an `ArtifactValidationError` of
 * `options.references`, naming the record and what the rule returned.
 */
export interface ReferenceRule {
  readonly appliesTo: (record: ManifestRecord) => boolean;
  readonly references: (doc: unknown, record: ManifestRecord) => RecordReferences;
}

/** Options of `verifyRun` (and of every store's `verifyRun`). */
export interface VerifyOptions {
  /** The rule naming the references to check (`bad_ref`); without one, references are not checked. */
  readonly references?: ReferenceRule;
}

const VERIFY_OPTION_KEYS = ['references'] as const;
const utf8 = new TextDecoder();

/** `options` checked: a plain object with at most a reference rule. */
export function requireVerifyOptions(fn: string, options: unknown): VerifyOptions {
  if (options === undefined) return {};
  if (!isPlainObject(options)) throw new ArtifactValidationError(fn, 'options', 'must be a plain object', options);
  requireKnownKeys(fn, 'options', options, VERIFY_OPTION_KEYS);
  const rule = options.references;
  if (rule === undefined) return {};
  if (typeof rule !== 'object' || rule === null || typeof (rule as Partial<ReferenceRule>).appliesTo !== 'function' || typeof (rule as Partial<ReferenceRule>).references !== 'function') {
    throw new ArtifactValidationError(fn, 'options.references', 'must be a reference rule: an object with the functions appliesTo and references', rule);
  }
  return { references: rule as ReferenceRule };
}

/**
 * True when `rule` applies to `r`. A rule's `appliesTo` that answers anything but a boolean is a
 * broken rule: an `ArtifactValidationError` of `fn` naming `options.references`, never read as no.
 */
export function ruleAppliesTo(fn: string, rule: ReferenceRule, r: ManifestRecord): boolean {
  const applies: unknown = rule.appliesTo(r);
  if (typeof applies !== 'boolean') throw brokenRule(fn, `appliesTo must return true or false; for ${JSON.stringify(r.path)} it returned`, applies);
  return applies;
}

function brokenRule(fn: string, rule: string, got: unknown): ArtifactValidationError {
  return new ArtifactValidationError(fn, 'options.references', rule, got);
}

/**
 * What `rule.references` named for `r`, checked to be `{ references, problems }`: an array of
 * `{ field, path, sha256? }` (field a non-empty string, sha256 `{ field, value }`) and an array of
 * strings. Anything else is a broken rule, refused with `fn`, `options.references` and what it returned.
 */
function namedReferences(fn: string, rule: ReferenceRule, doc: unknown, r: ManifestRecord): RecordReferences {
  const named: unknown = rule.references(doc, r);
  const at = `for ${JSON.stringify(r.path)} it returned`;
  if (!isPlainObject(named) || !Array.isArray(named.references) || !Array.isArray(named.problems)) {
    throw brokenRule(fn, `references must return { references: [...], problems: [...] }; ${at}`, named);
  }
  const isField = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
  for (let i = 0; i < named.references.length; i++) {
    const ref: unknown = named.references[i];
    const sha = isPlainObject(ref) ? ref.sha256 : undefined;
    if (!isPlainObject(ref) || !isField(ref.field) || !Object.hasOwn(ref, 'path') || (sha !== undefined && (!isPlainObject(sha) || !isField(sha.field)))) {
      throw brokenRule(fn, `references must name each reference as { field, path, sha256?: { field, value } } with non-empty string fields; ${at} at references[${String(i)}]`, ref);
    }
  }
  for (let i = 0; i < named.problems.length; i++) {
    const detail: unknown = named.problems[i];
    if (typeof detail !== 'string' || detail.length === 0) throw brokenRule(fn, `references must list each problem as a non-empty string; ${at} at problems[${String(i)}]`, detail);
  }
  return named as unknown as RecordReferences;
}

/**
 * The `bad_ref` problems of record `r`, whose sealed bytes are `bytes`, under `rule`; a rule that
 * returns anything but what `ReferenceRule` says is refused (`ArtifactValidationError` of `fn`).
 */
export function checkReferences(fn: string, rule: ReferenceRule, r: ManifestRecord, bytes: Uint8Array, listed: ReadonlyMap<string, ManifestRecord>): VerifyProblem[] {
  const out: VerifyProblem[] = [];
  const bad = (detail: string): void => {
    out.push({ path: r.path, problem: 'bad_ref', detail });
  };
  let doc: unknown;
  try {
    doc = JSON.parse(utf8.decode(bytes));
  } catch {
    bad('is not JSON, so the records it cites cannot be read');
    return out;
  }
  const named = namedReferences(fn, rule, doc, r);
  for (const ref of named.references) {
    if (typeof ref.path !== 'string' || relPathProblem(ref.path, null) !== null) {
      bad(`${ref.field} is not a relative artifact path: ${JSON.stringify(ref.path)}`);
      continue;
    }
    const target = listed.get(ref.path);
    if (target === undefined) {
      bad(`${ref.field} points at ${ref.path}, which the manifest does not list`);
      continue;
    }
    if (ref.sha256 === undefined) continue;
    const { field, value } = ref.sha256;
    if (value === undefined) bad(`${field} is missing for ${ref.field}`);
    else if (value !== target.sha256) bad(`${field} is ${JSON.stringify(value)}; the manifest lists ${ref.path} with ${target.sha256}`);
  }
  for (const detail of named.problems) bad(detail);
  return out;
}
