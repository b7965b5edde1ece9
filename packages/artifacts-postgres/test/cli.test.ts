/**
 * The `abraxas-artifacts-postgres` command (the package's `bin`, built) against the real server:
 * `status` reads the schema's version without changing anything, `migrate` applies what is pending
 * and reports the version, a schema from a newer version is refused with exit 3 and nothing
 * changed, and bad arguments or a server that is down are one clear line on stderr.
 */
import { freePort } from '@abraxas/test-postgres';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../src/index.js';
import { dropSchema, freshSchema, openStore, pgUrl, sql } from './support/pg.js';
import { tickBatch } from './support/ticks.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string; bin: Record<string, string> };
const bin = fileURLToPath(new URL(`../${pkg.bin['abraxas-artifacts-postgres'] ?? ''}`, import.meta.url));

/** Runs the command (asynchronously: the test's own server answers in this process's event loop). */
function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // The command sees only the server it is given (ABRAXAS_PG_URL of the test run removed).
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'ABRAXAS_PG_URL'));
    const child = spawn(process.execPath, [bin, ...args], { env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

const schemas: string[] = [];
const schema = (): string => {
  const s = freshSchema('cli');
  schemas.push(s);
  return s;
};
afterAll(async () => {
  for (const s of schemas) await dropSchema(s);
});

const server = (): string => {
  const u = new URL(pgUrl());
  return `${u.hostname}:${u.port}${u.pathname}`;
};
const versionOf = async (s: string): Promise<unknown> => sql(`SELECT version FROM "${s}".schema_version`);

describe('abraxas-artifacts-postgres', () => {
  it('is the bin of the package, with a node shebang, and prints the version', async () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const r = await cli(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('status on a server without the schema: absent, exit 1, and nothing created', async () => {
    const s = schema();
    const r = await cli(['status', '--url', pgUrl(), '--schema', s]);
    expect(r).toEqual({ code: 1, stdout: `schema "${s}" on ${server()}: absent (this package: ${String(SCHEMA_VERSION)}); no schema yet; run migrate\n`, stderr: '' });
    expect(await sql('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [s])).toEqual([]);
  });

  it('migrate creates the schema at the package version, then is a no-op; status is then up to date', async () => {
    const s = schema();
    const first = await cli(['migrate', '--url', pgUrl(), '--schema', s]);
    expect(first).toEqual({ code: 0, stdout: `schema "${s}" on ${server()}: migrated from version 0 to ${String(SCHEMA_VERSION)}\n`, stderr: '' });
    expect(await versionOf(s)).toEqual([{ version: SCHEMA_VERSION }]);
    // The views are there: the schema is usable as the store would leave it.
    expect(await sql(`SELECT count(*)::int AS n FROM "${s}".run_summary`)).toEqual([{ n: 0 }]);
    expect(await cli(['migrate', '--url', pgUrl(), '--schema', s])).toEqual({ code: 0, stdout: `schema "${s}" on ${server()}: already at version ${String(SCHEMA_VERSION)}\n`, stderr: '' });
    const status = await cli(['status', '--schema', s, '--json'], { ABRAXAS_PG_URL: pgUrl() });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({ schema: s, server: server(), version: SCHEMA_VERSION, package_version: SCHEMA_VERSION, state: 'current' });
  });

  it('migrates an older schema (version 1: no views) and keeps its records', async () => {
    const s = schema();
    const store = openStore(s);
    try {
      await store.writeBatch(tickBatch('CLI-RUN', 0));
    } finally {
      await store.close();
    }
    for (const v of ['budget_spent', 'tick_problems', 'tick_status', 'trendpacks', 'run_summary']) await sql(`DROP VIEW "${s}".${v}`);
    // …and no retention (version 3).
    await sql(`ALTER TABLE "${s}".records DROP CONSTRAINT records_pruned_has_no_body, DROP COLUMN pruned, ALTER COLUMN body SET NOT NULL`);
    await sql(`UPDATE "${s}".schema_version SET version = 1`);
    const status = await cli(['status', '--url', pgUrl(), '--schema', s]);
    expect(status).toMatchObject({ code: 1, stdout: `schema "${s}" on ${server()}: version 1 (this package: ${String(SCHEMA_VERSION)}); older; run migrate\n` });
    expect(await cli(['migrate', '--url', pgUrl(), '--schema', s])).toMatchObject({ code: 0, stdout: `schema "${s}" on ${server()}: migrated from version 1 to ${String(SCHEMA_VERSION)}\n` });
    expect(await sql(`SELECT tick, errors, skipped FROM "${s}".tick_problems`)).toEqual([{ tick: '0', errors: 1, skipped: 1 }]);
  });

  it('refuses a schema from a newer version: exit 3, a clear error, nothing changed', async () => {
    const s = schema();
    expect((await cli(['migrate', '--url', pgUrl(), '--schema', s])).code).toBe(0);
    await sql(`UPDATE "${s}".schema_version SET version = $1`, [SCHEMA_VERSION + 1]);
    const status = await cli(['status', '--url', pgUrl(), '--schema', s]);
    expect(status).toMatchObject({ code: 3, stdout: `schema "${s}" on ${server()}: version ${String(SCHEMA_VERSION + 1)} (this package: ${String(SCHEMA_VERSION)}); newer than this package; upgrade @abraxas/artifacts-postgres\n` });
    const migrate = await cli(['migrate', '--url', pgUrl(), '--schema', s]);
    expect(migrate).toEqual({
      code: 3,
      stdout: '',
      stderr: `abraxas-artifacts-postgres: PostgresStore.migrate: schema "${s}" is at version ${String(SCHEMA_VERSION + 1)}, newer than this package's ${String(SCHEMA_VERSION)}; upgrade @abraxas/artifacts-postgres (nothing was changed)\n`,
    });
    expect(await versionOf(s)).toEqual([{ version: SCHEMA_VERSION + 1 }]);
  });

  it('bad arguments: exit 2 and one line naming the flag and the rule, the password never printed', async () => {
    const cases: [string[], RegExp][] = [
      [['migrate'], /^abraxas-artifacts-postgres: abraxas-artifacts-postgres migrate: --url is required \(or set ABRAXAS_PG_URL\)\n$/],
      [['status', '--url', 'mysql://u:hunter2@h/db'], /^abraxas-artifacts-postgres: abraxas-artifacts-postgres status: --url must start with postgres:\/\/ or postgresql:\/\/; got "mysql:"\n$/],
      [['migrate', '--url', 'not a url'], /^abraxas-artifacts-postgres: abraxas-artifacts-postgres migrate: --url must be a URL postgres:\/\/user:password@host:port\/database\n$/],
      [['migrate', '--url', 'postgres://u:hunter2@h/db', '--schema', 'Bad-Name'], /^abraxas-artifacts-postgres: abraxas-artifacts-postgres migrate: --schema must be 1-63 characters from a-z 0-9 _, starting with a letter or _; got "Bad-Name"\n$/],
      [['migrate', '--url', 'postgres://u:hunter2@h/db', '--wait-ms', 'soon'], /^abraxas-artifacts-postgres: abraxas-artifacts-postgres migrate: --wait-ms must be a non-negative integer of milliseconds; got "soon"\n$/],
    ];
    for (const [args, stderr] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(stderr);
      expect(r.stderr).not.toContain('hunter2');
    }
    const unknown = await cli(['upgrade']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'upgrade'");
  });

  it('a server that is down: exit 4 and one line naming the server, not the password', async () => {
    const port = await freePort();
    const r = await cli(['migrate', '--url', `postgres://u:hunter2@127.0.0.1:${String(port)}/db`]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(new RegExp(`^abraxas-artifacts-postgres: PostgresStore\\.migrate: the PostgreSQL server at 127\\.0\\.0\\.1:${String(port)}/db could not be reached or dropped the connection \\(.*ECONNREFUSED.*\\); nothing was changed\\n$`));
    expect(r.stderr).not.toContain('hunter2');
  });
});
