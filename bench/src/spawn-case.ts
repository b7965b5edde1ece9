/**
 * Runs one case in a child process (`case-process.js`, next to this file in dist/) with
 * `--expose-gc`, once the disk has settled (`settle.ts`), and returns the report it prints. The
 * child's stderr (progress) passes through.
 * Owns: starting case processes. Must not: know what a case measures.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CaseName, CaseParams } from './case-process.js';
import type { CaseReport } from './results.js';
import { settleDisk } from './settle.js';

const ENTRY = fileURLToPath(new URL('./case-process.js', import.meta.url));

/** Runs `name` with `params` in a fresh Node process (with `nodeFlags` too, e.g. heap limits). Rejects if the process fails. */
export function runCaseProcess<N extends CaseName>(name: N, params: CaseParams[N], nodeFlags: readonly string[] = []): Promise<CaseReport> {
  settleDisk();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', ...nodeFlags, ENTRY, name, JSON.stringify(params)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`case ${name} failed (${signal === null ? `exit code ${String(code)}` : `signal ${signal}`})`));
        return;
      }
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as CaseReport);
      } catch (err) {
        reject(new Error(`case ${name} printed no report: ${err instanceof Error ? err.message : String(err)}`));
      }
    });
  });
}
