/**
 * Case 5: `canonicalJson` of N mixed records, against `JSON.stringify` of the same records with
 * their keys presorted (the floor), with `safe-stable-stringify` measured in the same runs against
 * the same floor. All three are checked to write the same bytes first.
 * Owns: the canonical-JSON case. Must not: print (the report is returned).
 */
import { canonicalJson } from '@abraxas/ers';
import safeStableStringify from 'safe-stable-stringify';
import { canonicalJsonFloor, presorted } from '../floors/canonical-json-floor.js';
import { thousands } from '../format.js';
import { interleave } from '../interleave.js';
import { timeSync } from '../measure.js';
import { summarise, type CaseReport } from '../results.js';
import { mixedRecords } from '../workload/mixed-records.js';

export interface CanonicalJsonParams {
  readonly records: number;
  readonly runs: number;
  readonly warmup: number;
  readonly targetRatio: number;
}

export async function canonicalJsonCase(p: CanonicalJsonParams): Promise<CaseReport> {
  const records = mixedRecords(p.records);
  const sorted = presorted(records);
  const expected = canonicalJsonFloor(sorted);
  if (canonicalJson(records) !== expected) throw new Error('canonical_json: canonicalJson writes other bytes than the floor');
  if (safeStableStringify(records) !== expected) throw new Error('canonical_json: safe-stable-stringify writes other bytes than the floor');

  const samples = await interleave({
    runs: p.runs,
    warmup: p.warmup,
    case: () => ({
      canonical: timeSync(() => canonicalJson(records)),
      safe: timeSync(() => safeStableStringify(records)),
    }),
    floor: () => ({ stringify: timeSync(() => canonicalJsonFloor(sorted)) }),
  });
  const floor = 'JSON.stringify of the same records with keys presorted by code point';
  const extra = { records: p.records, json_bytes: expected.length };
  const floorSamples = samples.floor.stringify ?? [];
  return {
    measurements: [
      summarise({
        id: `canonical_json.${String(p.records)}`,
        label: `canonicalJson, ${thousands(p.records)} mixed records`,
        floor,
        samples: samples.case.canonical ?? [],
        floorSamples,
        targetRatio: p.targetRatio,
        extra,
      }),
      summarise({
        id: `canonical_json.safe_stable_stringify.${String(p.records)}`,
        label: `safe-stable-stringify (reference library), ${thousands(p.records)} mixed records`,
        floor,
        samples: samples.case.safe ?? [],
        floorSamples,
        targetRatio: null,
        extra,
      }),
    ],
    checks: [],
  };
}
