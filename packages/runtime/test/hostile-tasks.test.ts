/**
 * A tick completes whatever its tasks throw or return: the hostile task is `error` with a readable
 * message, every other task keeps its result and the tick's artifacts are sealed. A context that
 * cannot be read is refused before anything runs or is written.
 */
/* eslint-disable @typescript-eslint/only-throw-error -- these tests throw non-Error values on purpose */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abraxasTick, openRun, RuntimeValidationError, type AbraxasTickOptions } from '../src/index.js';
import { listDir, tempDir } from './support/fs.js';

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

const ok = (): unknown => ({ ok: true });

function options(dir: string, overrides: Partial<AbraxasTickOptions>): AbraxasTickOptions {
  return { tick: 0, runId: 'RUN-H', mode: 'test', context: {}, artifactsDir: dir, runSignal: ok, runCompress: ok, runOverlay: ok, ...overrides };
}

describe('abraxasTick completes whatever its tasks throw or return', () => {
  it('seals the tick with each hostile task an error and every other task intact', async () => {
    const dir = await tempDir('hostile');
    const r = await abraxasTick(
      options(dir, {
        // A forecast step returning a thenable whose `then` getter throws.
        runCompress: () => ({
          get then(): unknown {
            throw new RangeError('no then');
          },
        }),
        // A forecast step returning a revoked proxy.
        runOverlay: () => revoked(),
        runShadowTasks: {
          a_revoked: () => {
            throw revoked();
          },
          b_message: () => {
            throw {
              get message(): string {
                throw new Error('unreadable');
              },
            };
          },
          c_symbol: () => {
            throw Symbol('odd');
          },
          d_fine: () => 'fine',
        },
      }),
    );
    expect(r.results['oracle:signal']).toMatchObject({ status: 'ok', value: { ok: true } });
    expect(r.results['oracle:compress']).toMatchObject({ status: 'error', error: 'RangeError: no then' });
    expect(r.results['oracle:overlay'].status).toBe('error');
    expect(r.results['oracle:overlay'].error).toMatch(/^TypeError: .*revoked/);
    expect(r.results['shadow:a_revoked']).toMatchObject({
      status: 'error',
      error: 'Error: <a thrown object that cannot be inspected (a revoked proxy)>',
    });
    expect(r.results['shadow:b_message']).toMatchObject({ status: 'error', error: 'Error: <its message cannot be read>' });
    expect(r.results['shadow:c_symbol']).toMatchObject({ status: 'error', error: 'Error: Symbol(odd)' });
    expect(r.results['shadow:d_fine']).toMatchObject({ status: 'ok', value: 'fine' });
    expect(await listDir(dir)).toEqual(['manifests', 'run_index', 'viz']);
  });
});

describe('a context that cannot be read is refused', () => {
  it('abraxasTick: a revoked proxy as the context is a RuntimeValidationError; nothing runs or is written', async () => {
    const parent = await tempDir('hostile');
    const dir = join(parent, 'artifacts');
    let ran = false;
    const err: unknown = await abraxasTick(
      options(dir, {
        context: revoked() as Record<string, unknown>,
        runSignal: () => (ran = true),
      }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuntimeValidationError);
    expect((err as RuntimeValidationError).field).toBe('context');
    expect((err as Error).message).toBe('abraxasTick: context must be an object that can be read; got a revoked proxy');
    expect(ran).toBe(false);
    expect(await listDir(parent)).toEqual([]);
  });

  it('RunHandle.tick and abraxasTick refuse a revoked proxy as the options object', async () => {
    const parent = await tempDir('hostile');
    const run = openRun({ runId: 'R', mode: 'm', artifactsDir: join(parent, 'artifacts') });
    await expect(run.tick(revoked() as never)).rejects.toThrow(new RuntimeValidationError('RunHandle.tick', 'options', 'must be a plain object', revoked()));
    await expect(abraxasTick(revoked() as never)).rejects.toThrow(/^abraxasTick: options must be a plain object; got a revoked proxy$/);
    expect(() => openRun(revoked() as never)).toThrow(/^openRun: options must be a plain object; got a revoked proxy$/);
    await run.close();
    expect(await listDir(parent)).toEqual([]);
  });
});
