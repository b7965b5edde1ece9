/**
 * Memory of a long run: peaks sampled as it goes (RSS and heap in use), the kernel's maximum
 * resident set of the whole process, and at chosen points the RSS and the heap still in use after
 * a full GC, whose growth over the run shows whether memory grows with the run's length.
 * Owns: memory sampling. Must not: time anything.
 */
import { collectGarbage } from './measure.js';

const MB = 1024 * 1024;

/** After `ticks` ticks: the heap in use after a full GC, and the RSS just before it. */
export interface RetainedSample {
  readonly ticks: number;
  readonly heap_mb: number;
  readonly rss_mb: number;
}

export interface MemorySummary {
  /** Highest RSS seen by the samples, MB. */
  readonly peak_rss_mb: number;
  /** Highest heap in use seen by the samples, MB (between GCs: live and not yet collected). */
  readonly peak_heap_mb: number;
  /** The kernel's maximum resident set size of the process, MB (exact; includes Node's baseline). */
  readonly max_rss_mb: number;
  readonly retained: readonly RetainedSample[];
}

export class MemoryTracker {
  #peakRss = 0;
  #peakHeap = 0;
  readonly #retained: RetainedSample[] = [];

  /** Records the current RSS and heap in use if they are new peaks. */
  sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.#peakRss) this.#peakRss = m.rss;
    if (m.heapUsed > this.#peakHeap) this.#peakHeap = m.heapUsed;
  }

  /** Samples, then runs a full GC and records the heap still in use after `ticks` ticks. */
  retainedAfter(ticks: number): void {
    const rss = process.memoryUsage().rss;
    this.sample();
    collectGarbage();
    this.#retained.push({ ticks, heap_mb: process.memoryUsage().heapUsed / MB, rss_mb: rss / MB });
  }

  summary(): MemorySummary {
    return {
      peak_rss_mb: this.#peakRss / MB,
      peak_heap_mb: this.#peakHeap / MB,
      max_rss_mb: (process.resourceUsage().maxRSS * 1024) / MB,
      retained: [...this.#retained],
    };
  }
}
