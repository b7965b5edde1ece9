/**
 * Vitest global setup: one throwaway PostgreSQL server for every test file, stopped (and its folder
 * removed) afterwards. With `ABRAXAS_PG_URL` set, the tests use that server and start nothing.
 */
import type { TestProject } from 'vitest/node';
import { startServer } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.ABRAXAS_PG_URL;
  if (external !== undefined && external !== '') {
    project.provide('pgUrl', external);
    return () => Promise.resolve();
  }
  const server = await startServer({ fast: true, persistent: false });
  project.provide('pgUrl', server.url);
  return () => server.dispose();
}
