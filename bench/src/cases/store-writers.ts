/**
 * Case 7: the storage backends under many writers. W writer processes (1 or 8), each running its
 * own run of N ticks through one `openRun` handle, all at once, on one PostgresStore (a real server,
 * durable commits) and, as the floor, on one FileStore folder (fsync on, its default). Rounds of the
 * two alternate; a round is timed from the order to the last writer's answer, so process start-up
 * is not counted. Reports the time per tick over all writers and the ticks per second of each
 * store; every run is checked to have the same Merkle root on both stores.
 * Owns: the store_writers case. Must not: print (the report is returned).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FileStore } from '@abraxas/artifacts';
import { PostgresStore } from '@abraxas/artifacts-postgres';
import pg from 'pg';
import { interleave } from '../interleave.js';
import { timeAsync } from '../measure.js';
import { summarise, type CaseReport } from '../results.js';
import { median } from '../stats.js';

export interface StoreWritersParams {
  /** Writer processes writing at once. */
  readonly writers: number;
  /** Ticks each writer runs per round. */
  readonly ticks: number;
  readonly runs: number;
  readonly warmup: number;
  /** The PostgreSQL server, and a schema of its own (dropped at the end). */
  readonly url: string;
  readonly schema: string;
  /** An empty folder for the file store. */
  readonly dir: string;
}

const WRITER = fileURLToPath(new URL('./store-writer.js', import.meta.url));

/** W writer processes on one store, ordered round by round. */
class Writers {
  private readonly procs: ChildProcess[];
  private readonly ready: Promise<unknown>;
  private round = 0;

  constructor(
    private readonly prefix: string,
    count: number,
    args: readonly string[],
  ) {
    this.procs = Array.from({ length: count }, () => fork(WRITER, [...args], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
    this.ready = Promise.all(this.procs.map((p) => this.next(p, (m) => typeof m === 'object' && m !== null && 'ready' in m)));
  }

  private next(p: ChildProcess, is: (m: unknown) => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: unknown): void => {
        if (!is(m)) return;
        p.off('message', onMessage);
        p.off('exit', onExit);
        resolve();
      };
      const onExit = (code: number | null): void => {
        reject(new Error(`store_writers: a writer exited (${String(code)}) before answering`));
      };
      p.on('message', onMessage);
      p.once('exit', onExit);
    });
  }

  /** Runs one round (every writer its own run of `ticks` ticks) and returns its milliseconds. */
  async roundMs(ticks: number): Promise<number> {
    await this.ready;
    const r = this.round++;
    return timeAsync(() =>
      Promise.all(
        this.procs.map((p, i) => {
          const run = `${this.prefix}-W${String(i)}-R${String(r)}`;
          const done = this.next(p, (m) => typeof m === 'object' && m !== null && 'done' in m && m.done === run);
          p.send({ run, ticks });
          return done;
        }),
      ),
    );
  }

  /** Ends writers still running (after a failure): nothing may outlive the case. */
  kill(): void {
    for (const p of this.procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  }

  async close(): Promise<void> {
    await Promise.all(
      this.procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            p.once('exit', () => {
              resolve();
            });
            p.send('close');
          }),
      ),
    );
  }
}

/** The run ids of both stores and their roots must agree: the same ticks, the same truth. */
async function checkSameRoots(url: string, schema: string, dir: string): Promise<number> {
  const onPg = new PostgresStore({ connectionString: url, schema });
  const onFiles = new FileStore(dir);
  try {
    const runs = await onPg.listRuns();
    const fileRuns = await onFiles.listRuns();
    if (runs.join(',') !== fileRuns.join(',')) throw new Error('store_writers: the two stores hold different runs');
    for (const run of runs) {
      if ((await onPg.readManifest(run)).root_hash !== (await onFiles.readManifest(run)).root_hash) throw new Error(`store_writers: run ${run} has another root on PostgreSQL than in the folder`);
    }
    return runs.length;
  } finally {
    await onPg.close();
    await onFiles.close();
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await c.end();
  }
}

export async function storeWritersCase(p: StoreWritersParams): Promise<CaseReport> {
  // The same run ids on both stores (rounds of each are counted alike), so their roots compare.
  const onPg = new Writers('BENCH', p.writers, ['postgres', p.url, p.schema]);
  const onFiles = new Writers('BENCH', p.writers, ['file', p.dir]);
  const perTick = p.writers * p.ticks;
  try {
    const samples = await interleave({
      runs: p.runs,
      warmup: p.warmup,
      case: async () => ({ postgres: (await onPg.roundMs(p.ticks)) / perTick }),
      floor: async () => ({ file: (await onFiles.roundMs(p.ticks)) / perTick }),
    });
    await Promise.all([onPg.close(), onFiles.close()]);
    const runs = await checkSameRoots(p.url, p.schema, p.dir);
    const pgMs = samples.case.postgres ?? [];
    const fileMs = samples.floor.file ?? [];
    const writers = `${String(p.writers)} writer process${p.writers === 1 ? '' : 'es'}`;
    return {
      measurements: [
        summarise({
          id: `store_writers.postgres.${String(p.writers)}`,
          label: `openRun ticks through PostgresStore, ${writers}${p.writers === 1 ? '' : ' at once'} (a run of ${String(p.ticks)} ticks each), time per tick`,
          floor: `the same through FileStore (fsync on), ${writers}`,
          samples: pgMs,
          floorSamples: fileMs,
          targetRatio: null,
          extra: { writers: p.writers, ticks_per_writer: p.ticks, runs_checked: runs, store_ticks_per_s: 1000 / median(pgMs), file_ticks_per_s: 1000 / median(fileMs) },
        }),
      ],
      checks: [],
    };
  } finally {
    onPg.kill();
    onFiles.kill();
    await dropSchema(p.url, p.schema);
  }
}
