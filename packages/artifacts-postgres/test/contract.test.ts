/**
 * The contract suite against PostgresStore on the real server, each test in a fresh schema.
 */
import { describeStoreContract } from '@abraxas/store-contract';
import { PostgresStore } from '../src/index.js';
import { dropSchema, freshSchema, pgUrl, sql } from './support/pg.js';

describeStoreContract('PostgresStore', () => {
  const schema = freshSchema('contract');
  const open = (): PostgresStore => new PostgresStore({ connectionString: pgUrl(), schema });
  const store = open();
  const others: PostgresStore[] = [];
  return Promise.resolve({
    store,
    openAnother: () => {
      const another = open();
      others.push(another);
      return Promise.resolve(another);
    },
    tamper: async (runId: string, relPath: string, bytes: Uint8Array) => {
      await sql(`UPDATE "${schema}".records SET body = $3 WHERE run_id = $1 AND path = $2`, [runId, relPath, Buffer.from(bytes)]);
    },
    dispose: async () => {
      await Promise.all([store, ...others].map((s) => s.close()));
      await dropSchema(schema);
    },
  });
});
