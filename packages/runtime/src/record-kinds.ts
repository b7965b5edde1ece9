/**
 * The record kinds a run writes, in one table (kind, schema, path rule, JSON Schema), and the
 * reference rule `verifyRun` applies to them.
 * Owns: the public names of the record kinds. Must not: build or check records (their modules do).
 */
import type { ReferenceRule } from '@abraxas/artifacts';
import { PROMOTION_KIND, PROMOTION_SCHEMA, promotionRelPath } from './promotion/record.js';
import { HEADER_KIND, HEADER_SCHEMA, headerRelPath } from './run-header/record.js';
import { RESULTS_KIND, RESULTS_SCHEMA, resultsRelPath } from './records/results-pack.js';
import { isRunIndexRecord, RUN_INDEX_KIND, RUN_INDEX_SCHEMA, runIndexReferences, runIndexRelPath } from './records/run-index.js';
import { STABILITY_KIND, STABILITY_SCHEMA, stabilityRelPath } from './records/run-stability.js';
import { TRENDPACK_KIND, TRENDPACK_SCHEMA, trendpackRelPath } from './records/trendpack.js';

/**
 * Every record kind of a run: its manifest `kind` and `schema`, its `path` rule (relative to the
 * artifacts folder) and the JSON Schema that describes its content, as a package export path.
 */
export const RECORD_KINDS = Object.freeze({
  trendpack: Object.freeze({ kind: TRENDPACK_KIND, schema: TRENDPACK_SCHEMA, path: trendpackRelPath, jsonSchema: '@abraxas/viz/schemas/trendpack.v0.1.schema.json' }),
  runindex: Object.freeze({ kind: RUN_INDEX_KIND, schema: RUN_INDEX_SCHEMA, path: runIndexRelPath, jsonSchema: '@abraxas/runtime/schemas/runindex.v0.schema.json' }),
  results: Object.freeze({ kind: RESULTS_KIND, schema: RESULTS_SCHEMA, path: resultsRelPath, jsonSchema: '@abraxas/runtime/schemas/results-pack.v0.schema.json' }),
  header: Object.freeze({ kind: HEADER_KIND, schema: HEADER_SCHEMA, path: headerRelPath, jsonSchema: '@abraxas/runtime/schemas/run-header.v0.schema.json' }),
  stability: Object.freeze({ kind: STABILITY_KIND, schema: STABILITY_SCHEMA, path: stabilityRelPath, jsonSchema: '@abraxas/runtime/schemas/run-stability.v0.schema.json' }),
  promotion: Object.freeze({ kind: PROMOTION_KIND, schema: PROMOTION_SCHEMA, path: promotionRelPath, jsonSchema: '@abraxas/runtime/schemas/promotion-decision.v0.schema.json' }),
} as const);

/**
 * The references the runtime's records make, for `verifyRun` of any store
 * (`store.verifyRun(runId, { references: RECORD_REFERENCES })`) and for
 * `abraxas-artifacts verify --references @abraxas/runtime`: each RunIndex's `refs.<name>` must be a
 * listed artifact with the SHA-256 `hashes.<name>_sha256`.
 */
export const RECORD_REFERENCES: ReferenceRule = Object.freeze({
  appliesTo: isRunIndexRecord,
  references: runIndexReferences,
});
