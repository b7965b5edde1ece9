/**
 * Turns a failed file-system call that reaches a public function into the package's own error: an
 * `ArtifactIoError` naming the function, the path as the caller would name it and a hint.
 * Owns: the wording of system errors. Must not: catch anything the package threw on purpose.
 */
import { errnoCode } from './durable-fs.js';
import { ArtifactError, ArtifactIoError } from './errors.js';
import { displayPath } from './open-tree.js';

const HINTS: { readonly [code: string]: string } = {
  ENOENT: 'a file or folder was removed while it was in use (by another program?); try again',
  ENOTDIR: 'a file is where a folder should be',
  EISDIR: 'a folder is where a file should be',
  EEXIST: 'something already exists at that name',
  ENOTEMPTY: 'a folder is where a file should be',
  EACCES: 'no permission; check the folder\'s owner and mode',
  EPERM: 'no permission; check the folder\'s owner and mode',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files on this machine',
  EIO: 'the disk reported an input/output error',
};

/** `err` as the package's error: an `ArtifactError` unchanged, a system error as `ArtifactIoError`. */
export function asArtifactError(fn: string, err: unknown): unknown {
  if (err instanceof ArtifactError) return err;
  const code = errnoCode(err);
  if (code === undefined || !(err instanceof Error)) return err;
  const raw = (err as { path?: unknown }).path;
  const path = typeof raw === 'string' ? displayPath(raw) : '(a file of the artifacts folder)';
  return new ArtifactIoError(fn, path, code, HINTS[code] ?? err.message);
}

/** Runs `body`, turning a system error it throws into an `ArtifactIoError` of `fn`. */
export async function withIoErrors<T>(fn: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw asArtifactError(fn, err);
  }
}
