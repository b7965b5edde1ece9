/**
 * Case 5: what the link checks of @abraxas/artifacts cost per tick (one batch of a TrendPack and a
 * RunIndex), against the write floor of that tick with fsync off (floors/artifact-write-floor.ts).
 * The case makes the system calls the store adds for links, in the same numbers: the folder chain
 * opened with O_DIRECTORY | O_NOFOLLOW through each open parent (/proc/self/fd/<fd>/<name> where
 * there is one), every ledger and temporary name lstat'ed (refusal check and file marks, before and
 * after the batch), the files it opens with O_NOFOLLOW fstat'ed.
 * Owns: the link-check case. Must not: print (the report is returned).
 */
import { closeSync, constants, existsSync, fstatSync, lstatSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactWriteFloor, type FloorFile } from '../floors/artifact-write-floor.js';
import { interleave } from '../interleave.js';
import { now } from '../measure.js';
import { summarise, type CaseReport } from '../results.js';

export interface ArtifactLinksParams {
  /** An empty folder for the case and its floor. */
  readonly dir: string;
  /** Ticks per timed run. */
  readonly ticks: number;
  readonly runs: number;
  readonly warmup: number;
}

const DIR = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;
const FILE = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const ANCHORED = existsSync('/proc/self/fd');
const RUN = 'RUN-BENCH';
const LEDGER = ['log', 'json', 'idx', 'state'].map((e) => `${RUN}.manifest.${e}`);
const TEMPS = ['json', 'idx', 'log'].map((e) => `.${RUN}.manifest.${e}.tmp`).concat(`.${RUN}.manifest.idx.grow.tmp`);
const TICK: readonly FloorFile[] = [
  { folder: `viz/${RUN}`, name: '000000.trendpack.json', bytes: 700, lineBytes: 230 },
  { folder: `run_index/${RUN}`, name: '000000.runindex.json', bytes: 400, lineBytes: 210 },
];

const at = (fd: number, path: string, name: string): string => (ANCHORED ? `/proc/self/fd/${String(fd)}/${name}` : join(path, name));

/** The link checks of one tick's batch, as the store makes them. */
function checksOfOneTick(root: string): void {
  const opened: number[] = [];
  const open = (parentFd: number, parentPath: string, name: string): number => {
    const fd = openSync(at(parentFd, parentPath, name), DIR);
    opened.push(fd);
    return fd;
  };
  const rootFd = openSync(root, constants.O_RDONLY | constants.O_DIRECTORY);
  opened.push(rootFd);
  const manifests = open(rootFd, root, 'manifests');
  for (const folder of ['viz', 'run_index']) open(open(rootFd, root, folder), join(root, folder), RUN);
  const lstat = (name: string): void => {
    try {
      lstatSync(at(manifests, join(root, 'manifests'), name));
    } catch {
      // absent names are the common case
    }
  };
  // load: refusal of foreign temporary names, then marks; after the batch: marks for the state.
  for (const name of [...TEMPS, LEDGER[3] as string]) lstat(name);
  for (let k = 0; k < 3; k++) for (const name of LEDGER) lstat(name);
  // the files the batch opens without following links, each checked on its descriptor
  for (const name of [...LEDGER, LEDGER[0] as string, LEDGER[2] as string]) {
    const fd = openSync(at(manifests, join(root, 'manifests'), name), FILE);
    fstatSync(fd);
    closeSync(fd);
  }
  for (const fd of opened) closeSync(fd);
}

export async function artifactLinksCase(p: ArtifactLinksParams): Promise<CaseReport> {
  const root = join(p.dir, 'store');
  for (const f of ['manifests', `viz/${RUN}`, `run_index/${RUN}`]) mkdirSync(join(root, f), { recursive: true });
  for (const name of LEDGER) writeFileSync(join(root, 'manifests', name), 'x');
  const floor = new ArtifactWriteFloor(join(p.dir, 'floor'), TICK.map((f) => f.folder), false);
  const s = await interleave({
    runs: p.runs,
    warmup: p.warmup,
    case: () => {
      const t0 = now();
      for (let i = 0; i < p.ticks; i++) checksOfOneTick(root);
      return { links: (now() - t0) / p.ticks };
    },
    floor: () => {
      const t0 = now();
      for (let i = 0; i < p.ticks; i++) floor.writeTick(TICK);
      return { links: (now() - t0) / p.ticks };
    },
  });
  const m = summarise({
    id: 'artifact_links',
    label: 'link checks of one tick (2 artifacts, one batch), fsync off',
    floor: 'the write floor of the same tick, fsync off (temporary file, log line, rename; no checks)',
    samples: s.case.links ?? [],
    floorSamples: s.floor.links ?? [],
    targetRatio: null,
  });
  return { measurements: [{ ...m, extra: { checks_us_per_tick: m.median_ms * 1000, floor_us_per_tick: m.floor_median_ms * 1000 } }], checks: [] };
}
