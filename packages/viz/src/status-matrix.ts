/**
 * `taskStatusMatrix`: a task × tick grid of statuses for a heat map. Rows are task names in code
 * point order, columns are ticks ascending; a cell is `null` where the task did not appear.
 * Owns: the matrix view. Must not: depend on input order or the locale.
 */
import { compareCodePoints } from '@abraxas/internal';
import { type Lane } from '@abraxas/ers';
import type { TaskStatusCell, TaskStatusMatrix, TaskStatusRow } from './fold-types.js';
import { orderedSeries, zeroCounts } from './series.js';
import type { TrendPack } from './types.js';
import { LANES } from './validate.js';

/**
 * The task × tick status matrix of a run's TrendPacks (in any order; one pack per tick, one run).
 * Throws `VizValidationError` if a pack is not a consistent TrendPack v0.1.
 */
export function taskStatusMatrix(packs: readonly TrendPack[]): TaskStatusMatrix {
  return buildStatusMatrix(orderedSeries('taskStatusMatrix', packs));
}

/** The matrix of an already validated series in tick order. */
export function buildStatusMatrix(series: readonly TrendPack[]): TaskStatusMatrix {
  const ticks = series.map((p) => p.tick);
  const cellsByTask = new Map<string, (TaskStatusCell | null)[]>();
  series.forEach((pack, column) => {
    pack.timeline.forEach((e, position) => {
      let cells = cellsByTask.get(e.task);
      if (cells === undefined) {
        cells = new Array<TaskStatusCell | null>(series.length).fill(null);
        cellsByTask.set(e.task, cells);
      }
      cells[column] = {
        tick: pack.tick,
        status: e.status,
        lane: e.lane,
        costOps: e.cost_ops,
        costEntropy: e.cost_entropy,
        charged: e.status !== 'skipped_budget',
        position,
      };
    });
  });
  const tasks = [...cellsByTask.keys()].sort(compareCodePoints);
  const rows = tasks.map((task): TaskStatusRow => {
    const cells = cellsByTask.get(task) ?? [];
    const counts = zeroCounts();
    const seenLanes = new Set<Lane>();
    for (const cell of cells) {
      if (cell === null) continue;
      counts[cell.status]++;
      seenLanes.add(cell.lane);
    }
    return { task, lanes: LANES.filter((l) => seenLanes.has(l)), cells, counts };
  });
  return { ticks, tasks, rows };
}
