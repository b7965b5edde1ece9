import { describe, expect, it } from 'vitest';
import { ArtifactValidationError, ArtifactWriter, type WriteJsonOptions } from '../src/index.js';
import { listTree, tempDir } from './support/fs.js';

// A misspelt option is refused, naming the key and the nearest known one, before anything is written.

const good: WriteJsonOptions = { runId: 'R', tick: 0, kind: 'k', schema: 'S', obj: 1, relPath: 'v/R/a.json' };

describe('unknown option keys', () => {
  it('new ArtifactWriter refuses one, naming it and the nearest option', () => {
    const bad = { fsycn: false } as unknown as { fsync: boolean };
    expect(() => new ArtifactWriter(tempDir(), bad)).toThrow(ArtifactValidationError);
    expect(() => new ArtifactWriter(tempDir(), bad)).toThrow('new ArtifactWriter: options.fsycn is not a known option (did you mean "fsync"? known: fsync, lockTimeoutMs)');
    expect(() => new ArtifactWriter(tempDir(), { locktimeout: 5 } as never)).toThrow('options.locktimeout is not a known option (did you mean "lockTimeoutMs"?');
  });

  it('writeJson refuses one and writes nothing, not even a folder', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, { fsync: false });
    const err = await w.writeJson({ ...good, relpath: 'v/R/b.json' } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactValidationError);
    expect((err as Error).message).toBe('ArtifactWriter.writeJson: options.relpath is not a known option (did you mean "relPath"? known: runId, tick, kind, schema, obj, relPath, extra)');
    expect(listTree(dir)).toEqual([]);
  });

  it('writeJsonMany refuses one in any item, naming the item', async () => {
    const dir = tempDir();
    const w = new ArtifactWriter(dir, { fsync: false });
    const err = await w.writeJsonMany([good, { ...good, relPath: 'v/R/b.json', extras: {} } as never]).catch((e: unknown) => e);
    expect((err as Error).message).toContain('ArtifactWriter.writeJsonMany: items[1].extras is not a known option (did you mean "extra"?');
    expect(listTree(dir)).toEqual([]);
  });
});
