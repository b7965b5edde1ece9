/**
 * Test helpers: the server's URL and a fresh schema per test, dropped afterwards.
 */
import pg from 'pg';
import { inject } from 'vitest';
import { PostgresStore } from '../../src/index.js';

export const pgUrl = (): string => inject('pgUrl');

let counter = 0;

/** A schema name no other test (in any worker) uses. */
export function freshSchema(prefix = 't'): string {
  counter += 1;
  return `${prefix}_${String(process.pid)}_${String(counter)}`;
}

/** Runs SQL on the server directly (behind the store's back). */
export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: pgUrl() });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/** A store on a fresh schema. */
export function openStore(schema = freshSchema()): PostgresStore {
  return new PostgresStore({ connectionString: pgUrl(), schema });
}
