/**
 * Spawns writer-child.ts and follows its `start` / `ack` lines. The child is bundled once per test
 * process with esbuild (its packages left as imports, so it sits under this package's
 * node_modules), and each writer is a plain `node` process: no TypeScript loader to start each time.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { buildSync } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('./writer-child.ts', import.meta.url));
let bundled: string | null = null;

/** The bundled child, built on first use and removed when this process exits. */
function childScript(): string {
  if (bundled !== null) return bundled;
  const out = fileURLToPath(new URL(`../../node_modules/.cache/abraxas-tests/writer-child-${String(process.pid)}.mjs`, import.meta.url));
  buildSync({ entryPoints: [source], outfile: out, bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', logLevel: 'error' });
  process.once('exit', () => {
    rmSync(out, { force: true });
  });
  bundled = out;
  return out;
}

export interface Child {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly started: number[];
  readonly acked: number[];
  /** Resolves when the child has acknowledged at least `n` batches (rejects if it exits first). */
  waitForAcks(n: number): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export function spawnWriter(args: readonly string[]): Child {
  const proc = spawn(process.execPath, [childScript(), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const started: number[] = [];
  const acked: number[] = [];
  const waiters: { n: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  let stderr = '';
  let buffered = '';
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const [word, tick] = buffered.slice(0, nl).split(' ');
      buffered = buffered.slice(nl + 1);
      if (word === 'start') started.push(Number(tick));
      if (word === 'ack') acked.push(Number(tick));
    }
    for (const w of [...waiters]) {
      if (acked.length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    proc.on('close', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`writer exited (${String(code ?? signal)}) after ${String(acked.length)} acks: ${stderr}`));
      resolve({ code, signal, stderr });
    });
  });
  return {
    proc,
    started,
    acked,
    waitForAcks: (n) =>
      acked.length >= n
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiters.push({ n, resolve, reject });
          }),
    exited,
  };
}
