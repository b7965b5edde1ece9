/**
 * Loading scenarios from files. `.json` files are declarative scenarios (validated by
 * scenario-validate.ts); `.ts`/`.mts`/`.cts` modules are loaded with tsx's ESM API and `.js`/`.mjs`
 * modules natively. A module scenario exports `makeTrace(runIndex)` (sync or async) and may export
 * `id` and `runs`. Each load imports the module afresh, so one load is one module instance.
 * Owns: reading scenario files and checking module exports. Must not: run the gate or print.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CANONICAL_SCENARIO } from './canonical-scenario.js';
import { declarativeMakeTrace } from './declarative-trace.js';
import { ScenarioFileError, thrownMessage } from '../errors.js';
import { isRunCount, RUNS_RULE } from '../gate/gate-limits.js';
import { ID_RULE, isScenarioId } from './scenario-id.js';
import type { LoadedScenario, MakeTrace, ScenarioDefinition, ScenarioSource } from './scenario-types.js';
import { parseScenarioDefinition } from './scenario-validate.js';

const JSON_EXTENSIONS = ['.json'];
const TS_EXTENSIONS = ['.ts', '.mts', '.cts'];
const JS_EXTENSIONS = ['.js', '.mjs', '.cjs'];

/** The built-in canonical scenario. */
export function canonicalScenario(): LoadedScenario {
  return declarativeScenario(CANONICAL_SCENARIO, { kind: 'builtin', label: 'builtin:canonical' });
}

/** A loaded scenario for a validated definition. */
export function declarativeScenario(def: ScenarioDefinition, source: ScenarioSource): LoadedScenario {
  return { id: def.id, source, definition: def, runs: def.runs, makeTrace: declarativeMakeTrace(def) };
}

/** How reports name a file: relative to the working folder, with `/` separators. */
export function fileLabel(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  return (rel === '' ? basename(path) : rel).split(sep).join('/');
}

/**
 * Loads a scenario file; `path` may be relative to `cwd`. Reports name it relative to `labelBase`
 * (default `cwd`). Throws `ScenarioFileError` on bad input.
 */
export async function loadScenarioFile(path: string, cwd: string = process.cwd(), labelBase: string = cwd): Promise<LoadedScenario> {
  const abs = resolve(cwd, path);
  const label = fileLabel(abs, labelBase);
  const ext = extname(abs).toLowerCase();
  const defaultId = basename(abs, extname(abs));
  if (JSON_EXTENSIONS.includes(ext)) {
    let text: string;
    try {
      text = await readFile(abs, 'utf8');
    } catch (e) {
      throw new ScenarioFileError(label, '(file)', `cannot be read: ${thrownMessage(e)}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new ScenarioFileError(label, '(contents)', `must be valid JSON: ${thrownMessage(e)}`);
    }
    return declarativeScenario(parseScenarioDefinition(raw, label, defaultId), { kind: 'json', path: abs, label });
  }
  if (TS_EXTENSIONS.includes(ext) || JS_EXTENSIONS.includes(ext)) {
    const ns = await importModule(abs, label, TS_EXTENSIONS.includes(ext));
    return moduleScenario(ns, { kind: 'module', path: abs, label }, defaultId);
  }
  throw new ScenarioFileError(label, '(file name)', `must end in ${[...JSON_EXTENSIONS, ...TS_EXTENSIONS, ...JS_EXTENSIONS].join(', ')}`);
}

/** Imports a scenario module afresh (tsx for TypeScript). */
export async function importModule(abs: string, label: string, typescript: boolean): Promise<Record<string, unknown>> {
  try {
    const url = pathToFileURL(abs).href;
    if (!typescript) return (await import(url)) as Record<string, unknown>;
    // tsx is loaded only when a TypeScript scenario needs it (it costs a noticeable start-up).
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  } catch (e) {
    throw new ScenarioFileError(label, '(module)', `cannot be imported: ${thrownMessage(e)}`);
  }
}

/** Checks a module's exports: `makeTrace` (required), `id` and `runs` (optional). */
export function moduleScenario(ns: Record<string, unknown>, source: ScenarioSource & { kind: 'module' }, defaultId: string): LoadedScenario {
  const { label } = source;
  const makeTrace = ns.makeTrace;
  if (typeof makeTrace !== 'function') {
    throw new ScenarioFileError(label, 'makeTrace', 'must be an exported function makeTrace(runIndex) returning trace events', makeTrace);
  }
  let id = defaultId;
  if (ns.id !== undefined) {
    if (!isScenarioId(ns.id)) throw new ScenarioFileError(label, 'id', ID_RULE, ns.id);
    id = ns.id;
  } else if (!isScenarioId(defaultId)) {
    throw new ScenarioFileError(label, 'id', `must be exported because the file name does not make a valid id (an id ${ID_RULE})`, defaultId);
  }
  let runs: number | null = null;
  if (ns.runs !== undefined) {
    if (!isRunCount(ns.runs)) throw new ScenarioFileError(label, 'runs', `${RUNS_RULE} when exported`, ns.runs);
    runs = ns.runs;
  }
  return { id, source, definition: null, runs, makeTrace: (i) => (makeTrace as MakeTrace)(i) };
}
