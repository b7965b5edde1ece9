/**
 * Vitest global setup: one throwaway PostgreSQL server for every test file, stopped (and its folder
 * removed) afterwards. With `ABRAXAS_PG_URL` set, the tests use that server and start nothing.
 */
import { serverFor } from '@abraxas/test-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await serverFor({ fast: true, persistent: false });
  project.provide('pgUrl', server.url);
  return () => server.dispose();
}
