/**
 * What the benchmarks ran on: Node version, platform, CPU model, cores, memory, and the load
 * average (other processes on a shared machine make the figures noisier).
 * Owns: machine information. Must not: measure performance.
 */
import { arch, cpus, loadavg, platform, totalmem } from 'node:os';
import type { MachineInfo } from './results.js';

/** The 1, 5 and 15 minute load averages, to two decimals. */
export function loadAverage(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}

export function machineInfo(loadStart: readonly number[], loadEnd: readonly number[]): MachineInfo {
  const cpu = cpus();
  return {
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpu_model: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    total_memory_mb: Math.round(totalmem() / (1024 * 1024)),
    load_average_start: [...loadStart],
    load_average_end: [...loadEnd],
  };
}
