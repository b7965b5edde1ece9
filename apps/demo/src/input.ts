/**
 * The demo's generated input: for each tick, a sequence of integer samples in [0, 255] computed
 * from the seed and the tick alone (a 32-bit integer hash, no Math.random, no clock), so any tick
 * can be regenerated on its own. Two deliberate features appear on a fixed schedule:
 * - a *burst* on ticks where `tick % 6 === 5`: eight consecutive samples above 200, in the first
 *   half of the tick (the overlay step's cost grows with them);
 * - a *dropout* on ticks where `tick % 8 === 3`: six consecutive zero samples, in the second half
 *   (the dropout monitor rejects them). The two never overlap, so a tick can have both.
 * Outside those, every sample is between 1 and 200.
 * Owns: input generation and its schedule. Must not: run tasks or touch the file system.
 */

/** Samples per tick. */
export const SAMPLES_PER_TICK = 32;

/** Samples above this value are peaks; only burst ticks have them. */
export const PEAK_THRESHOLD = 200;

export function isBurstTick(tick: number): boolean {
  return tick % 6 === 5;
}

export function isDropoutTick(tick: number): boolean {
  return tick % 8 === 3;
}

/** A 32-bit integer hash of (seed, tick, index): deterministic on every platform. */
function hash32(seed: number, tick: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(tick + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(index + 1, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The tick's samples: a slow wave (period 12 ticks) plus noise, between 1 and 200; with the burst
 * and dropout features on their scheduled ticks.
 */
export function generateInput(seed: number, tick: number): number[] {
  const phase = tick % 12;
  const level = 60 + 8 * (phase < 6 ? phase : 12 - phase); // 60..108, a triangle wave
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES_PER_TICK; i++) {
    const noise = (hash32(seed, tick, i) % 61) - 30; // -30..30
    samples.push(Math.min(PEAK_THRESHOLD, Math.max(1, level + noise)));
  }
  if (isBurstTick(tick)) {
    const start = hash32(seed, tick, 1000) % 9; // samples 0..16
    for (let i = 0; i < 8; i++) samples[start + i] = PEAK_THRESHOLD + 1 + (hash32(seed, tick, 2000 + i) % 55);
  }
  if (isDropoutTick(tick)) {
    const start = 17 + (hash32(seed, tick, 3000) % 10); // samples 17..31
    for (let i = 0; i < 6; i++) samples[start + i] = 0;
  }
  return samples;
}
