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

/** The `bad_ref` problems of record `r`, whose sealed bytes are `bytes`, under `rule`. */
export function checkReferences(rule: ReferenceRule, r: ManifestRecord, bytes: Uint8Array, listed: ReadonlyMap<string, ManifestRecord>): VerifyProblem[] {
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
  const named = rule.references(doc, r);
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
