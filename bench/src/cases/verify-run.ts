/**
 * Case 4: `verifyRun` over the run the openRun case wrote, in MB/s of artifacts checked, against
 * reading and hashing the same files (floors/hash-files-floor.ts) plus the ledger work any verifier
 * of the run's root does (floors/ledger-floor.ts: the journal and manifest read, each journal line
 * parsed, the Merkle root). Both read from the page cache (the run was just written).
 * Owns: the verifyRun case. Must not: print (the report is returned).
 */
import { readManifest } from '@abraxas/artifacts';
import { verifyRun } from '@abraxas/runtime';
import { hashFilesFloor } from '../floors/hash-files-floor.js';
import { ledgerFloor } from '../floors/ledger-floor.js';
import { thousands } from '../format.js';
import { interleave } from '../interleave.js';
import { timeAsync, timeSync } from '../measure.js';
import { median } from '../stats.js';
import { summarise, type CaseReport } from '../results.js';

export interface VerifyRunParams {
  /** The artifacts folder holding the run. */
  readonly artifactsDir: string;
  readonly runId: string;
  readonly runs: number;
  readonly warmup: number;
  readonly targetRatio: number;
}

const MB = 1024 * 1024;

export async function verifyRunCase(p: VerifyRunParams): Promise<CaseReport> {
  const records = (await readManifest(p.artifactsDir, p.runId)).records;
  const bytes = records.reduce((a, r) => a + r.bytes, 0);
  const first = await verifyRun(p.artifactsDir, p.runId);
  if (!first.ok || first.checked !== records.length) throw new Error(`verify_run: the run does not verify (${first.problems.length} problems)`);
  if (hashFilesFloor(p.artifactsDir, records) !== 0) throw new Error('verify_run floor: a file does not hash to its listed digest');
  const order = new Map(records.map((r, i) => [r.path, i]));
  if (ledgerFloor(p.artifactsDir, p.runId, order) !== first.root_hash) throw new Error('verify_run floor: the ledger floor gives another root');

  const s = await interleave({
    runs: p.runs,
    warmup: p.warmup,
    case: async () => ({ verify: await timeAsync(() => verifyRun(p.artifactsDir, p.runId)) }),
    floor: () => {
      const files = timeSync(() => hashFilesFloor(p.artifactsDir, records));
      const ledger = timeSync(() => ledgerFloor(p.artifactsDir, p.runId, order));
      return { verify: files + ledger, files, ledger };
    },
  });
  const m = summarise({
    id: 'verify_run',
    label: `verifyRun, ${thousands(records.length)} artifacts`,
    floor: 'readFileSync + node:crypto SHA-256 of every listed file; the journal and manifest read, each journal line parsed, the Merkle root',
    samples: s.case.verify ?? [],
    floorSamples: s.floor.verify ?? [],
    targetRatio: p.targetRatio,
  });
  const filesMs = median(s.floor.files ?? []);
  return {
    measurements: [
      {
        ...m,
        extra: {
          files: records.length,
          mb: bytes / MB,
          mb_per_s: bytes / MB / (m.median_ms / 1000),
          floor_mb_per_s: bytes / MB / (m.floor_median_ms / 1000),
          floor_files_ms: filesMs,
          floor_ledger_ms: median(s.floor.ledger ?? []),
          ratio_to_files_floor: m.median_ms / filesMs,
        },
      },
    ],
    checks: [],
  };
}
