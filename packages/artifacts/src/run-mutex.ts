/**
 * In-process serialisation of the writes to one run: calls from this process (from one writer or
 * several) queue here, so they never poll the file lock against each other.
 * Owns: a per-run promise chain. Must not: do IO.
 */
const tails = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task queued under `key` has settled. */
export function withRunMutex<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, settled);
  void settled.then(() => {
    if (tails.get(key) === settled) tails.delete(key);
  });
  return run;
}
