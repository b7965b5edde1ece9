/**
 * Entry point of one isolated run (built to dist/isolated-run.js). Started as a worker thread
 * (`--isolate`: the request arrives as workerData) or as a child process (`--vary-env`: the request
 * arrives over IPC). It loads the scenario afresh — nothing is shared with other runs — and answers
 * with the run's canonical trace events, or for a runtime request with what the run wrote.
 * Owns: the isolated side of the protocol. Must not: judge or print.
 */
import { canonicalizeTrace } from '@abraxas/ers';
import { extname } from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { declarativeMakeTrace } from '../scenario/declarative-trace.js';
import { thrownMessage } from '../errors.js';
import type { IsolatedRequest, IsolatedResponse } from './isolation-protocol.js';
import { runRuntimeOnce } from '../runtime-gate/runtime-run.js';
import { importModule, moduleScenario } from '../scenario/scenario-load.js';

async function answer(request: IsolatedRequest): Promise<IsolatedResponse> {
  try {
    if (request.kind === 'runtime') {
      return { ok: true, value: await runRuntimeOnce(request.scenario, request.runIndex, request.artifactsDir) };
    }
    const { scenario, runIndex } = request;
    let trace: unknown;
    if (scenario.kind === 'declarative') {
      trace = await declarativeMakeTrace(scenario.definition)(runIndex);
    } else {
      const typescript = ['.ts', '.mts', '.cts'].includes(extname(scenario.path).toLowerCase());
      const ns = await importModule(scenario.path, scenario.label, typescript);
      const loaded = moduleScenario(ns, { kind: 'module', path: scenario.path, label: scenario.label }, scenario.id);
      trace = await loaded.makeTrace(runIndex);
    }
    if (!Array.isArray(trace)) return { ok: false, error: `makeTrace(${runIndex}) must return an array of trace events` };
    return { ok: true, value: canonicalizeTrace(trace).events };
  } catch (e) {
    return { ok: false, error: thrownMessage(e) };
  }
}

if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  void answer(workerData as IsolatedRequest).then((response) => {
    port.postMessage(response);
  });
} else if (typeof process.send === 'function') {
  process.once('message', (request: IsolatedRequest) => {
    void answer(request).then((response) => {
      process.send?.(response, undefined, {}, () => process.exit(0));
    });
  });
}
