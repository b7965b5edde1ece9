/** Spawns the writer process of fixtures/child-writer.mjs and follows its acknowledgements. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../fixtures/child-writer.mjs', import.meta.url));
const pruner = fileURLToPath(new URL('../fixtures/child-pruner.mjs', import.meta.url));

export interface Ack {
  readonly relPath: string;
  readonly sha256: string;
}

export interface ChildWriter {
  readonly proc: ChildProcessWithoutNullStreams;
  /** Writes acknowledged so far (each one's promise had resolved in the child). */
  readonly acks: Ack[];
  /** Resolves once the child has printed `ready`. */
  readonly ready: Promise<void>;
  /** Resolves when the child has acknowledged at least `n` writes (rejects if it exits first). */
  waitForAcks(n: number): Promise<void>;
  /** Resolves with the exit code (or signal) and everything written to stderr. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Spawns the pruning process of fixtures/child-pruner.mjs (acknowledgements name pruned paths). */
export function spawnPruner(args: readonly string[]): ChildWriter {
  return spawnChild(pruner, args);
}

export function spawnWriter(args: readonly string[]): ChildWriter {
  return spawnChild(script, args);
}

function spawnChild(file: string, args: readonly string[]): ChildWriter {
  const proc = spawn(process.execPath, [file, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const acks: Ack[] = [];
  const waiters: { n: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  let stderr = '';
  let buffered = '';
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const check = (): void => {
    for (const w of [...waiters]) {
      if (acks.length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line === 'ready') resolveReady();
      const m = /^ack (\S+) ([0-9a-f]{64})$/.exec(line);
      if (m) acks.push({ relPath: m[1] as string, sha256: m[2] as string });
    }
    check();
  });
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    proc.on('close', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`writer exited (${String(code ?? signal)}) after ${String(acks.length)} acks: ${stderr}`));
      resolve({ code, signal, stderr });
    });
  });
  return {
    proc,
    acks,
    ready,
    exited,
    waitForAcks: (n) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ n, resolve, reject });
        check();
      }),
  };
}
