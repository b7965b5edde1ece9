// Benchmark: the cost of one manifest append at the start and at the end of a long run.
// Usage: node --expose-gc bench/append-cost.mjs [--records N] [--window W] [--fsync] [--fresh] [--check]
//   --records  records to write (default 20000; the claim is about 100000)
//   --window   records per measured window (default 1000)
//   --fsync    durable writes (default off: this measures the ledger, not the disk)
//   --fresh    a new ArtifactWriter per tick, as a one-call API would use it
//   --check    exit 1 when the last window costs more than twice the first
//   --verbose  print every window's cost as it goes
// Writes what @abraxas/runtime writes per tick: a TrendPack, then a RunIndex (which sorts before the
// TrendPack of its tick, so every second append is an insertion near the end, not a pure append).
// The floor, measured in the same run: the reference's ledger update (read the whole manifest,
// append, sort, rewrite), whose per-record cost grows with the run.
import { canonicalJson } from '@abraxas/ers';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactWriter, runIndexRelPath, trendpackRelPath } from '../dist/index.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const records = opt('records', 20_000);
const window = opt('window', 1000);
const fsync = args.includes('--fsync');
const fresh = args.includes('--fresh');
const verbose = args.includes('--verbose');
const now = () => performance.now();

const dir = mkdtempSync(join(tmpdir(), 'abraxas-bench-'));
const runId = 'BENCH';
let writer = new ArtifactWriter(dir, { fsync });

async function tick(t) {
  if (fresh) writer = new ArtifactWriter(dir, { fsync });
  const tp = await writer.writeJson({
    runId, tick: t, kind: 'trendpack', schema: 'TrendPack.v0',
    obj: { version: '0.1', run_id: runId, tick: t, provenance: { engine: 'abraxas', mode: 'bench', ers: 'v0.2' }, timeline: [], budget: {}, errors: [], skipped: [], stats: {} },
    relPath: trendpackRelPath(runId, t), extra: { mode: 'bench', ers: 'v0.2' },
  });
  await writer.writeJson({
    runId, tick: t, kind: 'runindex', schema: 'RunIndex.v0',
    obj: { schema: 'RunIndex.v0', run_id: runId, tick: t, refs: { trendpack: tp.rel_path }, hashes: { trendpack_sha256: tp.sha256 }, tags: [], provenance: { engine: 'abraxas', mode: 'bench' } },
    relPath: runIndexRelPath(runId, t), extra: { mode: 'bench' },
  });
}

const windows = [];
const mem = [];
let start = now();
for (let t = 0; t * 2 < records; t++) {
  await tick(t);
  const written = (t + 1) * 2;
  if (written % window === 0) {
    windows.push((now() - start) / window);
    start = now();
    if (windows.length === 1 || written + 2 > records) {
      globalThis.gc?.();
      mem.push(process.memoryUsage());
    }
    if (verbose || windows.length % 10 === 0) process.stderr.write(`  ${written} records, ${windows.at(-1).toFixed(3)} ms/record\n`);
  }
}
rmSync(dir, { recursive: true, force: true });

// Floor: the reference's manifest update, per record, at the start and at the size reached.
function naiveRun(n) {
  const d = mkdtempSync(join(tmpdir(), 'abraxas-bench-naive-'));
  const file = join(d, 'manifest.json');
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = now();
    const cur = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { schema: 'Manifest.v0', run_id: runId, records: [] };
    cur.records.push({ tick: i >> 1, kind: i % 2 ? 'runindex' : 'trendpack', schema: 'S', path: `p/${i}`, sha256: '0'.repeat(64), bytes: 1, extra: { mode: 'bench' } });
    cur.records.sort((a, b) => a.tick - b.tick || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.path < b.path ? -1 : 1));
    writeFileSync(file, canonicalJson(cur));
    times.push(now() - t0);
  }
  rmSync(d, { recursive: true, force: true });
  const avg = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { first: avg(times.slice(0, NAIVE_WINDOW)), last: avg(times.slice(-NAIVE_WINDOW)) };
}
const naiveN = Math.min(records, 2000); // quadratic: larger sizes take minutes
const NAIVE_WINDOW = 100;
const naive = naiveRun(naiveN);

const first = windows[0];
const last = windows.at(-1);
const sorted = [...windows].sort((a, b) => a - b);
const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;
console.log(`@abraxas/artifacts append cost: ${records} records (${records / 2} ticks of TrendPack + RunIndex), fsync ${fsync ? 'on' : 'off'}, ${fresh ? 'a fresh writer per tick' : 'one long-lived writer'}`);
console.log(`  first ${window} records: ${first.toFixed(3)} ms/record`);
console.log(`  last  ${window} records: ${last.toFixed(3)} ms/record   (last/first ${(last / first).toFixed(2)})`);
console.log(`  median window: ${sorted[Math.floor(sorted.length / 2)].toFixed(3)} ms/record, slowest ${sorted.at(-1).toFixed(3)}`);
console.log(`  heap ${mb(mem[0].heapUsed)} -> ${mb(mem.at(-1).heapUsed)}, rss ${mb(mem[0].rss)} -> ${mb(mem.at(-1).rss)}`);
console.log(`floor (the reference's read-sort-rewrite ledger, same machine, manifest only): first ${NAIVE_WINDOW}: ${naive.first.toFixed(3)} ms/record, last ${NAIVE_WINDOW} of ${naiveN}: ${naive.last.toFixed(3)} ms/record (x${(naive.last / naive.first).toFixed(1)})`);
if (args.includes('--check') && last > 2 * first) {
  console.error('FAIL: the per-record cost grew with the run');
  process.exitCode = 1;
}
