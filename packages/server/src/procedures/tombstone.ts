import type { AnyRouter } from '@trpc/server';
import type { Kysely } from 'kysely';
import { adviseSchema, formatFinding } from '../advisor/advise-schema.js';
import type { AdvisorFinding } from '../advisor/advisor-finding.js';
import { loadRelationGraph, type RelationGraph, type RelationGraphOptions } from '../cascade/index.js';
import { DEFAULT_JOB_MAX_ROWS } from '../jobs/job-context.js';
import { hasJobTable } from '../jobs/job-store.js';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import type { LifecycleHooks } from '../lifecycle/lifecycle-hooks.js';
import { collectTableHooks } from '../lifecycle/table-lifecycle-registry.js';
import { writeOutboxEvents } from '../outbox/write-outbox.js';
import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';
import { collectRequirements } from './registry.js';
import type { TransactionPolicy } from './transaction-policy.js';
import { findUnfilteredReaders, type UnfilteredReader } from './unfiltered-readers.js';
import { SoftDeleteSchemaError, type TableRequirement, validateTables } from './validate-table.js';

/** The runtime of the generated procedures: validated tables and the foreign-key graph. */
export interface Tombstone {
  /** Soft-delete column of every table a procedure serves. */
  readonly tables: Readonly<Record<string, SoftDeleteColumn>>;
  /** Id column of every table a procedure serves. */
  readonly idColumns: Readonly<Record<string, string>>;
  /** Foreign keys between the soft-deletable tables, read from `pg_catalog` once. */
  readonly graph: RelationGraph;
  /**
   * Views, materialized views and SQL / PL/pgSQL functions that read soft-deletable tables
   * without the soft-delete filter (each also reported through `options.logger` at start-up).
   */
  readonly warnings: readonly UnfilteredReader[];
  /** The hooks (global and per table) and the outbox, dispatched by the generated procedures. */
  readonly lifecycle: Lifecycle;
  /** What the schema advisor found at start-up (each also logged); empty with `advisor: false`. */
  readonly advice: readonly AdvisorFinding[];
  /** How write transactions bound lock waits and retry (see {@link TransactionPolicy}). */
  readonly transactions?: TransactionPolicy;
  /**
   * Deletes and restores that would change more than `maxRows` rows run as chunked, resumable
   * jobs (`runDeleteJob` / `runRestoreJob`); absent when they always run in one transaction
   * (no `tombstone_job` table, or `largeOperations: false`).
   */
  readonly largeOperations?: { readonly maxRows: number };
}

/** Where `createTombstone` reports what it cannot filter. */
export interface TombstoneLogger {
  warn(message: string): void;
}

/** Options of {@link createTombstone}. */
export interface TombstoneOptions extends Pick<RelationGraphOptions, 'overrides'> {
  /** Receives one message per unfiltered view or function found at start-up. Default `console`. */
  logger?: TombstoneLogger;
  /** Lock time-out and whole-transaction retries of the generated write procedures. */
  transactions?: TransactionPolicy;
  /**
   * Soft-deletable tables that no generated procedure serves but that cascades must reach (line
   * items, time entries…), with their soft-delete column and key column (default `id`): a soft
   * delete of their parent flags them, a restore brings them back, the purge removes them. A
   * table no procedure serves and not named here is not soft-deletable: the database applies its
   * foreign keys on hard delete only.
   *
   * @example
   * { time_entry: { column: 'is_deleted', kind: 'boolean' }, line_item: { column: 'deleted_at', kind: 'timestamp', idColumn: 'line_no' } }
   */
  tables?: Readonly<Record<string, SoftDeleteColumn & { idColumn?: string }>>;
  /**
   * Hooks for every table, called once per statement inside the transaction, after the table's
   * own hooks (the `hooks` option of `softDeleteProcedures`). See docs/lifecycle.md.
   */
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  hooks?: LifecycleHooks<any>;
  /**
   * Run the schema advisor at start-up and log each finding through `logger.warn` (unique
   * indexes not partial over live rows, missing live-row indexes, triggers on the soft-delete
   * UPDATE). Default `true`.
   */
  advisor?: boolean;
  /**
   * Write every delete, restore and hard delete of the generated procedures to the outbox table
   * (`tombstone_event`, see `tombstoneOutboxMigration`) in its own transaction: one event per
   * operation and table. Default `false`.
   */
  outbox?: boolean;
  /**
   * Deletes and restores of the generated procedures that would change more than `maxRows` rows
   * (default 50,000) run as jobs: chunks of at most `maxRows` rows, each its own transaction,
   * children before parents, visible in `tombstone_job` with their progress and resumable after
   * a crash (`resumeJobs`). Needs the job table (`tombstoneJobMigration`); without it, or with
   * `false`, every operation stays one transaction whatever its size. See docs/scale.md.
   */
  largeOperations?: false | { maxRows?: number };
}

/**
 * Prepares the generated procedures of `router` against a database, once at start-up: checks in
 * the catalog that every table, id column and soft-delete column exists with the right type
 * (throwing a {@link SoftDeleteSchemaError} that names the table, the column and the fix), and
 * reads the foreign keys between the tables for cascades. Put the result in the tRPC context as
 * `tombstone`. Every view, materialized view and SQL / PL/pgSQL function that reads a
 * soft-deletable table unfiltered is reported through `options.logger.warn` (default
 * `console.warn`) and listed in `warnings`. `options.overrides` changes the policy a soft delete applies to a foreign key
 * (keyed by `"<child table>.<child column>"` or constraint name) without touching the schema; a
 * key soft deletes cannot follow (multi-column, or not to the key column) fails here too, with
 * the fix in the message.
 *
 * @example
 * const tombstone = await createTombstone(db, appRouter, {
 *   overrides: { 'comment.author_id': 'cascade' }, // an author's comments go with the author
 * });
 * createHTTPServer({ router: appRouter, createContext: () => ({ db, tombstone }) });
 */
export async function createTombstone(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema.
  db: Kysely<any>,
  router: AnyRouter,
  options: TombstoneOptions = {},
): Promise<Tombstone> {
  const served = collectRequirements(router);
  if (served.length === 0) {
    throw new SoftDeleteSchemaError('The router has no procedures built by softDeleteProcedures().');
  }
  const extra = Object.entries(options.tables ?? {}).map(([table, { idColumn, ...softDelete }]) => ({
    table,
    idColumn: idColumn ?? 'id',
    softDelete,
  }));
  const requirements = [...served, ...extra];
  await validateTables(db, requirements);
  const tables = mergeTables(requirements);
  const idColumns = mergeIdColumns(requirements);
  const graph = await loadRelationGraph(db, tables, { overrides: options.overrides, idColumns });
  const warnings = await findUnfilteredReaders(db, tables);
  const logger = options.logger ?? console;
  for (const warning of warnings) logger.warn(warning.message);
  const advice = options.advisor === false ? [] : await adviseSchema(db, { tables, idColumns });
  for (const finding of advice) logger.warn(formatFinding(finding));
  const lifecycle = new Lifecycle(
    options.hooks ?? {},
    collectTableHooks(router),
    options.outbox ? writeOutboxEvents : null,
  );
  const largeOperations =
    options.largeOperations !== false && (await hasJobTable(db))
      ? { maxRows: Math.max(1, Math.floor(options.largeOperations?.maxRows ?? DEFAULT_JOB_MAX_ROWS)) }
      : undefined;
  return {
    tables,
    idColumns,
    graph,
    warnings,
    lifecycle,
    advice,
    ...(options.transactions ? { transactions: options.transactions } : {}),
    ...(largeOperations ? { largeOperations } : {}),
  };
}

/** The id column of each table; one table configured with two is a start-up error. */
function mergeIdColumns(requirements: readonly TableRequirement[]): Record<string, string> {
  const idColumns: Record<string, string> = {};
  for (const { table, idColumn } of requirements) {
    const seen = idColumns[table];
    if (seen !== undefined && seen !== idColumn) {
      throw new SoftDeleteSchemaError(
        `Table "${table}" is configured with two id columns ("${seen}" and "${idColumn}"). Use one.`,
      );
    }
    idColumns[table] = idColumn;
  }
  return idColumns;
}

function mergeTables(requirements: readonly TableRequirement[]): Record<string, SoftDeleteColumn> {
  const tables: Record<string, SoftDeleteColumn> = {};
  for (const { table, softDelete } of requirements) {
    const seen = tables[table];
    if (seen && (seen.column !== softDelete.column || seen.kind !== softDelete.kind)) {
      throw new SoftDeleteSchemaError(
        `Table "${table}" is configured with two soft-delete columns ("${seen.column}" and "${softDelete.column}"). Use one.`,
      );
    }
    tables[table] = softDelete;
  }
  return tables;
}
