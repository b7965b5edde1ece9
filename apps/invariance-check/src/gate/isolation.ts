/**
 * Runs one run of a scenario in isolation: in a fresh worker thread (`--isolate`) or in a fresh
 * child process with its own environment and working folder (`--vary-env`). Runs happen one at a
 * time; anything the scenario prints goes to stderr, so stdout stays the report.
 * Owns: starting, feeding and ending isolated runs. Must not: judge traces.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IsolatedRequest, IsolatedResponse } from './isolation-protocol.js';

/** The built entry point of an isolated run (next to the bundle that imports this module). */
export function isolatedEntry(): string {
  return fileURLToPath(new URL('./isolated-run.js', import.meta.url));
}

/** One run in a fresh worker thread. Resolves with the run's answer; rejects with the run's error. */
export function runInWorker(request: IsolatedRequest): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(isolatedEntry(), { workerData: request, stdout: true, stderr: true, execArgv: [] });
    worker.stdout.pipe(process.stderr, { end: false });
    worker.stderr.pipe(process.stderr, { end: false });
    let settled = false;
    worker.once('message', (response: IsolatedResponse) => {
      settled = true;
      void worker.terminate();
      settle(response, resolve, reject);
    });
    worker.once('error', (e) => {
      if (settled) return;
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new Error(`the worker exited with code ${code} before answering`));
    });
  });
}

/** One run in a fresh child process started in `cwd` with `env`. */
export function runInChild(request: IsolatedRequest, cwd: string, env: NodeJS.ProcessEnv): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = fork(isolatedEntry(), [], { cwd, env, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
    child.stdout?.pipe(process.stderr, { end: false });
    child.stderr?.pipe(process.stderr, { end: false });
    let settled = false;
    child.once('message', (response: IsolatedResponse) => {
      settled = true;
      settle(response, resolve, reject);
    });
    child.once('error', (e) => {
      if (settled) return;
      settled = true;
      reject(e);
    });
    child.once('exit', (code, signal) => {
      if (settled) return;
      settled = true;
      reject(new Error(`the child process exited (${signal ?? `code ${code}`}) before answering`));
    });
    child.send(request);
  });
}

/** The error an isolated run reported, as `<Name>: <message>` (its message is used as is). */
export class IsolatedRunError extends Error {
  override name = 'IsolatedRunError';
}

function settle(response: IsolatedResponse, resolve: (value: unknown) => void, reject: (e: Error) => void): void {
  if (response.ok) resolve(response.value);
  else reject(new IsolatedRunError(response.error));
}
