/**
 * @abraxas/artifacts-postgres — the PostgreSQL backend of the Abraxas storage contract
 * (`ArtifactStore` of `@abraxas/artifacts`): one ledger many writers share, the same records,
 * canonical bytes and Merkle roots as the file store, and SQL views for dashboards.
 */
export { PostgresStore } from './postgres-store.js';
export { SCHEMA_NAME_RULE, type PostgresStoreOptions } from './options.js';
export { SCHEMA_VERSION } from './migrations.js';
export { exportRun, importRun } from './transfer.js';
export { PostgresStoreError } from './errors.js';
export type {
  BudgetSpentFilter,
  BudgetSpentRow,
  RunSummary,
  TickProblemsFilter,
  TickProblemsRow,
  TickRange,
  TickStatus,
  TickStatusFilter,
  TickStatusRow,
} from './queries.js';
