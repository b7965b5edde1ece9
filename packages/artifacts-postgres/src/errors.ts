/**
 * Error class of @abraxas/artifacts-postgres for what the server or its schema does (bad input,
 * conflicts and damage use the `@abraxas/artifacts` classes, as every backend does).
 * Owns: `PostgresStoreError` and the wording of server failures. Must not: do anything else.
 */
import { ArtifactError } from '@abraxas/artifacts';

/**
 * The server could not be reached or failed, or its schema cannot be used (e.g. it is from a newer
 * version of this package). `fn` names the method; `code` is the server's or the socket's code,
 * or `SCHEMA_NEWER` for a schema from a newer version of this package.
 */
export class PostgresStoreError extends ArtifactError {
  override name = 'PostgresStoreError';
  readonly fn: string;
  readonly code: string | null;
  constructor(fn: string, detail: string, code: string | null = null) {
    super(`${fn}: ${detail}`);
    this.fn = fn;
    this.code = code;
  }
}

/** The error code of a `pg` or socket error, if any. */
export function errorCode(err: unknown): string | null {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return null;
}

/** Connection failures: a retry of an idempotent batch on a fresh connection is safe. */
export function isConnectionFailure(err: unknown): boolean {
  const code = errorCode(err);
  if (code !== null) {
    // 08: connection exception; 57P01-57P03: the server is shutting down or starting up.
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true;
  }
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(message);
}
