/**
 * Shared geometry of the report's charts: one column per tick, aligned across every chart, with a
 * left gutter for labels. Wide runs scroll horizontally instead of shrinking below legibility.
 * Owns: column geometry. Must not: draw.
 */

export interface Columns {
  /** Width of the label gutter on the left. */
  readonly gutter: number;
  /** Width of one tick's column. */
  readonly width: number;
  /** Total chart width. */
  readonly total: number;
  /** Left edge of column `i`. */
  x(i: number): number;
  /** Whether column `i` gets a tick label (every column when there is room, else every 5th). */
  labelled(i: number, tick: number): boolean;
}

export const GUTTER = 150;
const TARGET_WIDTH = 900;

export function columns(count: number): Columns {
  const width = Math.max(14, Math.min(40, Math.floor(TARGET_WIDTH / Math.max(1, count))));
  return {
    gutter: GUTTER,
    width,
    total: GUTTER + width * count + 16,
    x: (i) => GUTTER + i * width,
    labelled: (_i, tick) => width >= 24 || tick % 5 === 0,
  };
}
