import { openRun, abraxasTick } from '@abraxas/runtime';
import { prepareBatch } from '@abraxas/artifacts';
class S { writeBatch(items) { const b = prepareBatch('S.writeBatch', items); return Promise.resolve(new Map(b.records.map((p) => [p.record.path, p.record]))); }
  readRecord() { return Promise.reject(new Error('x')); } listRecords() { return Promise.resolve([]); } readManifest() { return Promise.reject(new Error('x')); } listRuns() { return Promise.resolve([]); } verifyRun() { return Promise.reject(new Error('x')); } close() { return Promise.resolve(); } }
const ok = () => ({ ok: true });
const work = (tick) => ({ tick, context: {}, runSignal: ok, runCompress: ok, runOverlay: ok, runShadowTasks: { anagram: ok, sei: ok } });
const h = openRun({ runId: 'r1', mode: 'sandbox', store: new S() });
const N = Number(process.argv[2] ?? 20000);
for (let t = 0; t < 2000; t++) await h.tick(work(t));
const a = performance.now();
for (let t = 2000; t < 2000 + N; t++) await h.tick(work(t));
console.error('compute ms/tick', ((performance.now() - a) / N).toFixed(4));
