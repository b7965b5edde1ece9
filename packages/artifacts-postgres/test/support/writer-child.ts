/**
 * A writer process for the fault tests (bundled by child.ts): writes ticks of one run through a
 * PostgresStore, printing `start <tick>` before each batch and `ack <tick>` once it resolved.
 * Arguments: <url> <schema> <run> <first> <count> <stride> [notes] [also]; a count of 0 writes
 * forever. `notes` adds that many extra records to each tick's batch (a wide batch); with `also`,
 * tick `also + i·stride` is written after
 * tick `first + i·stride` for every tenth i (racing another writer that owns those ticks).
 */
import type { StoreWrite } from '@abraxas/artifacts';
import { PostgresStore } from '../../src/index.js';
import { tickBatch } from './ticks.js';

const [url, schema, run, first, count, stride, notes, also] = process.argv.slice(2) as [string, string, string, string, string, string, string | undefined, string | undefined];
const wide = Number(notes ?? '0');

/** Tick `t`'s batch, with `wide` notes of about 4 KiB each. */
function wideBatch(runId: string, t: number, n: number): StoreWrite[] {
  const extra = Array.from({ length: n }, (_, k) => ({
    runId,
    tick: t,
    kind: 'note',
    schema: 'Note.v0',
    relPath: `notes/${runId}/${String(t)}-${String(k)}.json`,
    obj: { t, k, fill: 'x'.repeat(4096) },
  }));
  return [...tickBatch(runId, t), ...extra];
}

const store = new PostgresStore({ connectionString: url, schema, retryForMs: 0 });
try {
  for (let i = 0; Number(count) === 0 || i < Number(count); i++) {
    const ticks = [Number(first) + i * Number(stride), ...(also === undefined || i % 10 !== 0 ? [] : [Number(also) + i * Number(stride)])];
    for (const t of ticks) {
      process.stdout.write(`start ${String(t)}\n`);
      await store.writeBatch(wideBatch(run, t, wide));
      process.stdout.write(`ack ${String(t)}\n`);
    }
  }
} finally {
  await store.close();
}
