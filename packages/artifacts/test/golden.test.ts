import { goldenVectors as golden } from '@abraxas/golden-vectors';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArtifactWriter } from '../src/index.js';
import { trendpackRelPath } from './support/paths.js';
import { tempDir } from './support/fs.js';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('TrendPack files at parity with the reference', () => {
  it.each(golden.runtime.map((v) => [v.id, v] as const))('%s: same path, bytes and SHA-256 as the reference wrote', async (_id, v) => {
    const dir = tempDir();
    const rec = await new ArtifactWriter(dir).writeJson({
      runId: v.run_id,
      tick: v.tick,
      kind: 'trendpack',
      schema: 'TrendPack.v0',
      obj: JSON.parse(v.expect.trendpack_json),
      relPath: trendpackRelPath(v.run_id, v.tick),
      extra: { mode: v.mode, ers: 'v0.2' },
    });
    expect(rec.rel_path).toBe(v.expect.trendpack_rel_path);
    const bytes = readFileSync(rec.path);
    expect(bytes.toString('utf8')).toBe(v.expect.trendpack_json);
    expect(sha256(bytes)).toBe(v.expect.trendpack_sha256);
    expect(rec.sha256).toBe(v.expect.trendpack_sha256);
    expect(rec.bytes).toBe(Buffer.byteLength(v.expect.trendpack_json, 'utf8'));
  });

  it('writes every scheduler vector\'s TrendPack byte for byte', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, { fsync: false });
    for (const v of golden.scheduler) {
      const runId = v.expect.trendpack_run_id;
      const rec = await w.writeJson({ runId, tick: v.tick, kind: 'trendpack', schema: 'TrendPack.v0', obj: JSON.parse(v.expect.trendpack_json), relPath: trendpackRelPath(runId, v.tick) });
      expect(readFileSync(rec.path, 'utf8'), v.id).toBe(v.expect.trendpack_json);
      expect(rec.sha256, v.id).toBe(v.expect.trendpack_sha256);
    }
  });
});
