/**
 * The `abraxas-artifacts-postgres` command: `migrate` applies the store schema's pending migrations
 * and reports the version; `status` reports it without changing anything. Exit codes: 0 done / up to
 * date, 1 (`status`) migrations pending, 2 usage errors or a bad connection string, 3 a schema from
 * a newer version (refused, nothing changed), 4 the server could not be reached or failed. Errors
 * are one line on stderr, never a stack trace, never the password.
 * Owns: argument parsing and the command's wording. Must not: write SQL (PostgresStore does).
 */
import { ArtifactValidationError } from '@abraxas/artifacts';
import { EXIT_USAGE, newProgram, parseCommand, runMain } from '@abraxas/cli';
import { Option, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { PostgresStoreError } from './errors.js';
import { SCHEMA_NEWER, SCHEMA_VERSION } from './migrations.js';
import { describeServer } from './options.js';
import { PostgresStore } from './postgres-store.js';

const EXIT_OK = 0;
const EXIT_PENDING = 1;
const EXIT_NEWER = 3;
const EXIT_SERVER = 4;

interface CommonOptions {
  readonly url?: string;
  readonly schema?: string;
  readonly waitMs: string;
}

/** What `status` found: the schema's state against this package's version. */
type State = 'absent' | 'older' | 'current' | 'newer';

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

/** The store the options name; a usage error (thrown as ArtifactValidationError) when they are bad. */
function openStore(command: string, o: CommonOptions): { store: PostgresStore; server: string } {
  const url = o.url ?? process.env.ABRAXAS_PG_URL;
  if (url === undefined || url === '') throw new ArtifactValidationError(`abraxas-artifacts-postgres ${command}`, '--url', 'is required (or set ABRAXAS_PG_URL)');
  if (!/^\d+$/.test(o.waitMs)) throw new ArtifactValidationError(`abraxas-artifacts-postgres ${command}`, '--wait-ms', 'must be a non-negative integer of milliseconds', o.waitMs);
  try {
    const store = new PostgresStore({ connectionString: url, ...(o.schema === undefined ? {} : { schema: o.schema }), retryForMs: Number(o.waitMs), maxConnections: 1 });
    return { store, server: describeServer(url) };
  } catch (err) {
    // The store's option rules, said of the command's flags.
    if (!(err instanceof ArtifactValidationError)) throw err;
    const flag = err.field === 'options.schema' ? '--schema' : '--url';
    throw new ArtifactValidationError(`abraxas-artifacts-postgres ${command}`, flag, err.message.slice(`${err.fn}: ${err.field} `.length));
  }
}

function stateOf(version: number | null): State {
  if (version === null) return 'absent';
  if (version < SCHEMA_VERSION) return 'older';
  return version === SCHEMA_VERSION ? 'current' : 'newer';
}

const STATE_TEXT: Readonly<Record<State, string>> = {
  absent: 'no schema yet; run migrate',
  older: 'older; run migrate',
  current: 'up to date',
  newer: 'newer than this package; upgrade @abraxas/artifacts-postgres',
};

async function main(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const common = (c: Command): Command =>
    c
      .option('--url <url>', 'the server: postgres://user:password@host:port/database (default: $ABRAXAS_PG_URL)')
      .option('--schema <name>', 'the store schema (default: abraxas)')
      .addOption(new Option('--wait-ms <ms>', 'keep retrying this long while the server cannot be reached').default('0'));
  const program = newProgram('abraxas-artifacts-postgres', 'Migrate and inspect the PostgreSQL schema of an Abraxas ERS artifact store.', packageVersion());
  const run = (command: string, body: (store: PostgresStore, server: string, o: CommonOptions & { json?: boolean }) => Promise<number>) => async (o: CommonOptions & { json?: boolean }) => {
    const { store, server } = openStore(command, o);
    try {
      exitCode = await body(store, server, o);
    } finally {
      await store.close();
    }
  };
  common(program.command('migrate'))
    .description(`apply the schema's pending migrations (to version ${String(SCHEMA_VERSION)}) and report the version`)
    .action(
      run('migrate', async (store, server) => {
        const { schema, from, to } = await store.migrate();
        process.stdout.write(
          from === to
            ? `schema "${schema}" on ${server}: already at version ${String(to)}\n`
            : `schema "${schema}" on ${server}: migrated from version ${String(from)} to ${String(to)}\n`,
        );
        return EXIT_OK;
      }),
    );
  common(program.command('status'))
    .description('report the schema version without changing anything (exit 1 when migrations are pending)')
    .option('--json', 'print the status as JSON')
    .action(
      run('status', async (store, server, o) => {
        const version = await store.schemaVersion();
        const state = stateOf(version);
        const status = { schema: store.schema, server, version, package_version: SCHEMA_VERSION, state };
        process.stdout.write(
          o.json === true
            ? `${JSON.stringify(status, null, 2)}\n`
            : `schema "${store.schema}" on ${server}: ${version === null ? 'absent' : `version ${String(version)}`} (this package: ${String(SCHEMA_VERSION)}); ${STATE_TEXT[state]}\n`,
        );
        return state === 'current' ? EXIT_OK : state === 'newer' ? EXIT_NEWER : EXIT_PENDING;
      }),
    );
  const parsed = await parseCommand('abraxas-artifacts-postgres', program, argv, {
    exitCodeOf: (err) => {
      if (err instanceof ArtifactValidationError) return EXIT_USAGE;
      if (err instanceof PostgresStoreError) return err.code === SCHEMA_NEWER ? EXIT_NEWER : EXIT_SERVER;
      return EXIT_SERVER;
    },
  });
  return parsed ?? exitCode;
}

runMain('abraxas-artifacts-postgres', main, EXIT_SERVER);
