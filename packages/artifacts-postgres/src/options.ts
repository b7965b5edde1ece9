/**
 * The options of `new PostgresStore(options)` and their rules, checked before anything connects.
 * Owns: option validation and defaults. Must not: connect.
 */
import { ArtifactValidationError } from '@abraxas/artifacts';

/** Options of `new PostgresStore(options)`. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (or `postgresql://`). */
  readonly connectionString: string;
  /** The schema holding the store's tables and views (default `abraxas`); created on first use. */
  readonly schema?: string;
  /** At most this many connections (default 4). */
  readonly maxConnections?: number;
  /**
   * How long a call keeps retrying when the server cannot be reached or drops the connection
   * (default 10,000 ms; 0: fail at once). Retrying a batch is idempotent, so nothing is doubled.
   */
  readonly retryForMs?: number;
}

/** The options with defaults applied. */
export interface ResolvedOptions {
  readonly connectionString: string;
  readonly schema: string;
  readonly maxConnections: number;
  readonly retryForMs: number;
}

/** Schema names: 1-63 characters from `a-z 0-9 _`, starting with a letter or `_` (no quoting needed). */
export const SCHEMA_NAME_RULE = 'must be 1-63 characters from a-z 0-9 _, starting with a letter or _';
const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

const FN = 'new PostgresStore';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function nonNegativeInt(field: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new ArtifactValidationError(FN, `options.${field}`, `must be a safe integer >= ${String(min)}`, value);
  }
  return value;
}

/** Validates the options (the connection string is parsed, never printed with its password). */
export function resolveOptions(options: unknown): ResolvedOptions {
  if (!isPlainObject(options)) throw new ArtifactValidationError(FN, 'options', 'must be a plain object', options);
  const { connectionString, schema } = options;
  if (typeof connectionString !== 'string' || connectionString.length === 0) {
    throw new ArtifactValidationError(FN, 'options.connectionString', 'must be a non-empty string');
  }
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new ArtifactValidationError(FN, 'options.connectionString', 'must be a URL postgres://user:password@host:port/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ArtifactValidationError(FN, 'options.connectionString', `must start with postgres:// or postgresql://; got ${JSON.stringify(url.protocol)}`);
  }
  if (url.hostname === '' && !url.searchParams.has('host')) {
    throw new ArtifactValidationError(FN, 'options.connectionString', 'must name a host');
  }
  if (schema !== undefined && (typeof schema !== 'string' || !SCHEMA_RE.test(schema))) {
    throw new ArtifactValidationError(FN, 'options.schema', SCHEMA_NAME_RULE, schema);
  }
  return {
    connectionString,
    schema: schema ?? 'abraxas',
    maxConnections: nonNegativeInt('maxConnections', options.maxConnections, 4, 1),
    retryForMs: nonNegativeInt('retryForMs', options.retryForMs, 10_000, 0),
  };
}

/** `host:port/database` of a connection string, for messages (no user or password). */
export function describeServer(connectionString: string): string {
  const url = new URL(connectionString);
  return `${url.hostname}:${url.port === '' ? '5432' : url.port}${url.pathname}`;
}
