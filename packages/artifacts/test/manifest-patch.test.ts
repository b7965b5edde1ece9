import { canonicalJson } from '@abraxas/ers';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactWriter, MANIFEST_SCHEMA, type WriteJsonOptions } from '../src/index.js';
import { tempDir } from './support/fs.js';

// A batch's records land in the manifest file through tail patches merged into one write (or one
// rewrite when a record sorts before the remembered tail). Whatever the order of ticks, kinds and
// batches, the file must be the canonical JSON of the manifest: every journal record, sorted by
// (tick, kind, schema, path in code-point order).

const NO_FSYNC = { fsync: false } as const;

/** The manifest file from first principles: canonical JSON of the journal's records, sorted. */
function expectedManifest(dir: string, runId: string): string {
  const lines = readFileSync(join(dir, 'manifests', `${runId}.manifest.log`), 'utf8').split('\n').filter((l) => l !== '');
  // Kinds, schemas and paths here are ASCII, where code-point order is the plain string order.
  const cp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const records = lines
    .map((l) => JSON.parse(l) as { tick: number; kind: string; schema: string; path: string })
    .sort((a, b) => a.tick - b.tick || cp(a.kind, b.kind) || cp(a.schema, b.schema) || cp(a.path, b.path));
  return canonicalJson({ records, run_id: runId, schema: MANIFEST_SCHEMA });
}

const item = fc.record({ tick: fc.nat({ max: 60 }), kind: fc.constantFrom('a', 'B', 'b', 'z9') });
const batches = fc.array(fc.uniqueArray(item, { minLength: 1, maxLength: 5, selector: (r) => `${String(r.tick)}/${r.kind}` }), { minLength: 1, maxLength: 14 });

describe('the manifest file after batches in any order', () => {
  it('property: is the canonical JSON of the journal records, sorted, after every batch (long-lived and fresh writers)', async () => {
    await fc.assert(
      fc.asyncProperty(batches, fc.boolean(), async (bs, longLived) => {
        const dir = tempDir();
        const kept = new ArtifactWriter(dir, NO_FSYNC);
        const seen = new Set<string>();
        try {
          for (const b of bs) {
            const fresh = b.filter((r) => !seen.has(`${String(r.tick)}/${r.kind}`));
            if (fresh.length === 0) continue;
            for (const r of fresh) seen.add(`${String(r.tick)}/${r.kind}`);
            const items: WriteJsonOptions[] = fresh.map((r) => ({ runId: 'R', tick: r.tick, kind: r.kind, schema: 'S.v0', obj: { t: r.tick, k: r.kind }, relPath: `v/R/${String(r.tick)}-${r.kind}.json` }));
            await (longLived ? kept : new ArtifactWriter(dir, NO_FSYNC)).writeJsonMany(items);
            expect(readFileSync(join(dir, 'manifests', 'R.manifest.json'), 'utf8')).toBe(expectedManifest(dir, 'R'));
          }
        } finally {
          await kept.close();
        }
      }),
      { numRuns: 25 },
    );
  });

  it('property: stays so for each of six runs in one folder, one long-lived writer (it keeps four) and fresh ones taking turns', async () => {
    const runBatches = fc.array(fc.tuple(fc.nat({ max: 5 }), fc.boolean(), fc.uniqueArray(item, { minLength: 1, maxLength: 4, selector: (r) => `${String(r.tick)}/${r.kind}` })), { minLength: 1, maxLength: 24 });
    await fc.assert(
      fc.asyncProperty(runBatches, async (bs) => {
        const dir = tempDir();
        const kept = new ArtifactWriter(dir, NO_FSYNC);
        const seen = new Set<string>();
        try {
          for (const [run, longLived, b] of bs) {
            const runId = `R${String(run)}`;
            const fresh = b.filter((r) => !seen.has(`${runId}/${String(r.tick)}/${r.kind}`));
            if (fresh.length === 0) continue;
            for (const r of fresh) seen.add(`${runId}/${String(r.tick)}/${r.kind}`);
            const items: WriteJsonOptions[] = fresh.map((r) => ({ runId, tick: r.tick, kind: r.kind, schema: 'S.v0', obj: { t: r.tick, k: r.kind }, relPath: `v/${runId}/${String(r.tick)}-${r.kind}.json` }));
            await (longLived ? kept : new ArtifactWriter(dir, NO_FSYNC)).writeJsonMany(items);
            expect(readFileSync(join(dir, 'manifests', `${runId}.manifest.json`), 'utf8')).toBe(expectedManifest(dir, runId));
          }
        } finally {
          await kept.close();
        }
      }),
      { numRuns: 20 },
    );
  });
});
