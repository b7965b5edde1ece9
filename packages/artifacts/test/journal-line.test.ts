import { describe, expect, it } from 'vitest';
import { checkManifestRecord, parseJournalLine } from '../src/record-check.js';
import { recordJson, type ManifestRecord } from '../src/records.js';

const RUN = 'R1';
const SHA = 'a'.repeat(64);

/** What a journal line must give: the parse, every field checked, then its canonical text compared. */
function general(line: string, runId: string): ManifestRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'is not JSON';
  }
  const record = checkManifestRecord(value, runId);
  if (typeof record === 'string') return record;
  if (recordJson(record) !== line) return 'is not in canonical form';
  return record;
}

/** The result, or the error thrown (neither path should throw: a lone surrogate in `extra` is a problem). */
function outcome(f: () => ManifestRecord | string): ManifestRecord | string {
  try {
    return f();
  } catch (err) {
    return `threw ${String(err)}`;
  }
}

const base = `"kind":"trendpack","path":"viz/${RUN}/000001.trendpack.json","schema":"TrendPack.v0","sha256":"${SHA}","tick":1}`;
const lines: string[] = [
  `{"bytes":875,${base}`,
  `{"bytes":875,"extra":{"ers":"v0.2","mode":"bench"},${base}`,
  `{"bytes":875,"extra":{"mode":"bench","ers":"v0.2"},${base}`,
  `{"bytes":875,"extra":{"mode":"bench"},${base}`,
  `{"bytes":875,"extra":{"mode":"be\\"nch"},${base}`,
  `{"bytes":875,"extra":{"mode":"be\\u0001nch"},${base}`,
  `{"bytes":875,"extra":{"mode":"bénch ✓"},${base}`,
  `{"bytes":875,"extra":{"mode":"\\ud83d\\ude00"},${base}`,
  `{"bytes":875,"extra":{"mode":"😀"},${base}`,
  `{"bytes":875,"extra":{"mode":"\\ud83d"},${base}`,
  `{"bytes":875,"extra":{"n":1,"mode":"x"},${base}`,
  `{"bytes":875,"extra":{"mode":"x","n":1},${base}`,
  `{"bytes":875,"extra":{"mode":"x","n":1.5},${base}`,
  `{"bytes":875,"extra":{"a":{"b":"c"}},${base}`,
  `{"bytes":875,"extra":{"a":null,"b":true},${base}`,
  `{"bytes":875,"extra":{"__proto__":"x"},${base}`,
  `{"bytes":875,"extra":{"1":"x","a":"y"},${base}`,
  `{"bytes":875,"extra":{"a":"y","1":"x"},${base}`,
  `{"bytes":875,"extra":{"a":"y","a":"x"},${base}`,
  `{"bytes":875,"extra":{"":"x"},${base}`,
  `{"bytes":875,"extra":{},${base}`,
  `{"bytes":875,"extra":[],${base}`,
  `{"bytes":875,"extra":"x",${base}`,
  `{"bytes":875,"extra":null,${base}`,
  `{"bytes":875, ${base}`,
  `{"bytes":875,${base} `,
  `{"bytes":8.75e2,${base}`,
  `{"bytes":-0,${base}`,
  `{"bytes":-1,${base}`,
  `{"bytes":9007199254740992,${base}`,
  `{"bytes":"875",${base}`,
  `{"bytes":875,"kind":"trendpack","path":"viz/${RUN}/000001.trendpack.json","schema":"TrendPack.v0","sha256":"${SHA}","tick":1e0}`,
  `{"kind":"trendpack","bytes":875,"path":"viz/${RUN}/000001.trendpack.json","schema":"TrendPack.v0","sha256":"${SHA}","tick":1}`,
  `{"bytes":875,"kind":"trendpack","path":"viz/${RUN}/000001.trendpack.json","schema":"Trend\\"Pack.v0","sha256":"${SHA}","tick":1}`,
  `{"bytes":875,"kind":"trendpack","path":"viz/${RUN}/000001.trendpack.json","schema":"Trend\\\\Pack.v0","sha256":"${SHA}","tick":1}`,
  `{"bytes":875,"kind":"trendpack","path":"viz/${RUN}/000001.trendpack.json","schema":"TrendPack.v0","sha256":"${SHA.toUpperCase()}","tick":1}`,
  `{"bytes":875,"kind":"trend pack","path":"viz/${RUN}/000001.trendpack.json","schema":"TrendPack.v0","sha256":"${SHA}","tick":1}`,
  `{"bytes":875,"kind":"trendpack","path":"viz/OTHER/000001.trendpack.json","schema":"TrendPack.v0","sha256":"${SHA}","tick":1}`,
  `{"bytes":875,"kind":"trendpack","path":"manifests/${RUN}/x.json","schema":"TrendPack.v0","sha256":"${SHA}","tick":1}`,
  `{"bytes":875,"kind":"trendpack","path":"viz/${RUN}/../x.json","schema":"TrendPack.v0","sha256":"${SHA}","tick":1}`,
  `{"bytes":875,"kind":"trendpack","path":"viz/${RUN}/000001.trendpack.json","schema":"TrendPack.v0","sha256":"${SHA}","tick":1,"zzz":1}`,
  `{"bytes":875,"kind":"trendpack","path":"viz/${RUN}/000001.trendpack.json","schema":"TrendPack.v0","sha256":"${SHA}"}`,
  `{"bytes":875,"kind":"trendpack","path":"viz/${RUN}/000001.trendpack.json","schema":"TrendPack.v0","sha256":"${SHA}","tick":1,"tick":2}`,
  `[875]`,
  `"x"`,
  `null`,
  `{"bytes":875,`,
];

describe('journal lines', () => {
  it('give the record or the problem the general checks give, for every line', () => {
    for (const line of lines) {
      const want = outcome(() => general(line, RUN));
      const got = outcome(() => parseJournalLine(line, RUN));
      expect(got, line).toEqual(want);
      if (typeof want !== 'string' && typeof got !== 'string') {
        // The same record, keys in the same order (its text is the line).
        expect(Object.keys(got), line).toEqual(Object.keys(want));
        expect(Object.keys(got.extra ?? {}), line).toEqual(Object.keys(want.extra ?? {}));
        expect(Object.getPrototypeOf(got.extra ?? {}), line).toBe(Object.prototype);
        expect(recordJson(got), line).toBe(line);
      }
    }
  });

  it('give the same with the folders of the journal\'s earlier lines known', () => {
    const folders = new Set<string>();
    const named = (path: string): string => `{"bytes":875,"kind":"trendpack","path":"${path}","schema":"TrendPack.v0","sha256":"${SHA}","tick":1}`;
    const paths = [
      `viz/${RUN}/000001.trendpack.json`,
      `viz/${RUN}/CON.json`,
      `viz/${RUN}/aux`,
      `viz/${RUN}/.hidden`,
      `viz/${RUN}/..`,
      `viz/${RUN}/.`,
      `viz/${RUN}/a b`,
      `viz/${RUN}/end.`,
      `viz/${RUN}/`,
      `viz/${RUN}/${'x'.repeat(1100)}`,
      `viz/${RUN}/x/y`,
      `viz/${RUN}`,
      `${RUN}/x`,
      `viz/${RUN}/ok-2.json`,
    ];
    for (const path of [...paths, ...paths]) {
      const line = named(path);
      expect(outcome(() => parseJournalLine(line, RUN, folders)), path).toEqual(outcome(() => general(line, RUN)));
    }
    expect([...folders]).toEqual([`viz/${RUN}`, RUN]);
  });

  it('accept the canonical lines and refuse the others', () => {
    expect(parseJournalLine(lines[1] as string, RUN)).toEqual({ tick: 1, kind: 'trendpack', schema: 'TrendPack.v0', path: `viz/${RUN}/000001.trendpack.json`, sha256: SHA, bytes: 875, extra: { ers: 'v0.2', mode: 'bench' } });
    expect(parseJournalLine(lines[2] as string, RUN)).toBe('is not in canonical form');
    expect(parseJournalLine(`{"bytes":875, ${base}`, RUN)).toBe('is not in canonical form');
    expect(parseJournalLine(`{"bytes":875,"extra":{"mode":"x","n":1},${base}`, RUN)).toMatchObject({ extra: { mode: 'x', n: 1 } });
  });
});
