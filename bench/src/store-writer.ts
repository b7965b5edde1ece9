/**
 * Entry point of one writer process of the store_writers cases, started by the case with an IPC
 * channel: `store-writer.js postgres <url> <schema>` or `store-writer.js file <artifactsDir>`. On
 * each `{ run, ticks }` message it runs that many ticks of that run through one `openRun` handle
 * on its store and answers `{ done: run }`; on `close` it closes the store and exits.
 * Owns: one writer's loop. Must not: time anything (the case times all writers together).
 */
import { FileStore, type ArtifactStore } from '@abraxas/artifacts';
import { PostgresStore } from '@abraxas/artifacts-postgres';
import { openRun } from '@abraxas/runtime';
import { tickWork } from './workload/tick-work.js';

interface Order {
  readonly run: string;
  readonly ticks: number;
}

const [backend = '', target = '', schema = ''] = process.argv.slice(2);
const store: ArtifactStore = backend === 'postgres' ? new PostgresStore({ connectionString: target, schema }) : new FileStore(target);

async function runOrder(o: Order): Promise<void> {
  const run = openRun({ runId: o.run, mode: 'bench', store });
  for (let t = 0; t < o.ticks; t++) await run.tick(tickWork(t));
  await run.close();
}

process.on('message', (m: Order | 'close') => {
  if (m === 'close') {
    void store.close().then(() => {
      process.disconnect();
    });
    return;
  }
  runOrder(m).then(
    () => process.send?.({ done: m.run }),
    (err: unknown) => {
      process.stderr.write(`store-writer: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
});
process.send?.({ ready: true });
