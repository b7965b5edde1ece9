/**
 * A record row edited in the database is damage to every reader, as a damaged journal line is to
 * the file store: `readRecord` and commit-order `listRecords` refuse it with ArtifactCorruptError
 * naming the record, like the manifest-order readers, instead of handing it out.
 */
import { ArtifactCorruptError } from '@abraxas/artifacts';
import { describe, expect, it } from 'vitest';
import { dropSchema, freshSchema, openStore, sql } from './support/pg.js';

const RUN = 'R';
const path = (t: number): string => `x/${RUN}/${String(t)}.json`;

describe('a stored record row that is not a canonical record', () => {
  it.each([
    ['a lone surrogate in extra', (j: string) => j.replace('"mode":"test"', '"mode":"test\\ud83d"'), 'extra.mode is a string with a lone surrogate'],
    ['an integer beyond 2^53 in extra', (j: string) => j.replace('"mode":"test"', '"mode":9007199254740993'), 'extra.mode is 9007199254740992, beyond ±(2^53 − 1)'],
    ['an unknown field', (j: string) => j.replace('{"bytes"', '{"zz":1,"bytes"'), 'has a stored record that has an unknown field "zz"'],
    ['another path', (j: string) => j.replace(`"path":"${path(1)}"`, `"path":"${path(2)}"`), `has a stored record for another path, "${path(2)}"`],
    ['other spacing', (j: string) => j.replace('"tick":1', '"tick": 1'), 'has a stored record that is not in canonical form'],
  ])('%s is refused by readRecord and listRecords, naming the record', async (_what, edit, rule) => {
    const schema = freshSchema('stored');
    const store = openStore(schema);
    try {
      for (let t = 0; t < 3; t++) await store.writeBatch([{ runId: RUN, tick: t, kind: 'k', schema: 'S.v0', relPath: path(t), obj: { t }, extra: { mode: 'test' } }]);
      const [row] = await sql<{ record_json: string }>(`SELECT record_json FROM "${schema}".records WHERE run_id = $1 AND path = $2`, [RUN, path(1)]);
      const edited = edit(row?.record_json ?? '');
      expect(edited).not.toBe(row?.record_json);
      await sql(`UPDATE "${schema}".records SET record_json = $3 WHERE run_id = $1 AND path = $2`, [RUN, path(1), edited]);
      for (const attempt of [() => store.readRecord(RUN, path(1)), () => store.listRecords(RUN, 'commit')]) {
        const err = (await attempt().catch((e: unknown) => e)) as Error;
        expect(err).toBeInstanceOf(ArtifactCorruptError);
        expect(err.message).toContain(path(1));
        expect(err.message).toContain(rule);
      }
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  });

  it.each([
    ['tick', '0', 'has a row whose tick column says 0 and whose record says 1'],
    ['kind', "'other'", 'has a row whose kind column says "other" and whose record says "k"'],
    ['size', '1', 'has a row whose bytes column says 1 and whose record says'],
  ])('a row whose %s column was edited apart from its record is damage to the readers that filter by it', async (column, value, rule) => {
    const schema = freshSchema('columns');
    const store = openStore(schema);
    try {
      for (let t = 0; t < 3; t++) await store.writeBatch([{ runId: RUN, tick: t, kind: 'k', schema: 'S.v0', relPath: path(t), obj: { t }, extra: { mode: 'test' } }]);
      await sql(`UPDATE "${schema}".records SET ${column} = ${value} WHERE run_id = $1 AND path = $2`, [RUN, path(1)]);
      const attempts = [
        () => store.readRecord(RUN, path(1)),
        () => store.listRecords(RUN, 'commit'),
        async () => {
          const seen: string[] = [];
          for await (const r of store.iterateRecords(RUN)) seen.push(r.path);
          return seen;
        },
        ...(column === 'kind' ? [] : [() => store.latestRecord(RUN, { kind: 'k', beforeTick: 2 })]),
      ];
      for (const attempt of attempts) {
        const err = (await attempt().catch((e: unknown) => e)) as Error;
        expect(err).toBeInstanceOf(ArtifactCorruptError);
        expect(err.message).toContain(`${path(1)} ${rule}`);
      }
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  });
});
