import { type Kysely, type RawBuilder, sql } from 'kysely';
import { collectCascadedRemovals } from '../lifecycle/cascaded-removals.js';
import { afterRowsGone } from '../lifecycle/dispatch.js';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import type { PurgeProgress, PurgeResult } from './cascade-outcome.js';
import { closeVanishedEntries } from './close-vanished-entries.js';
import { type PurgeStep, planPurge } from './plan-purge.js';
import { withPurgeLock } from './purge-lock.js';
import { idColumnOf, keyTypeOf, type RelationGraph, softDeleteColumnOf } from './relation-graph.js';
import type { RowId } from './row-id.js';
import { inTransaction } from './savepoint.js';
import {
  AUDIT_TABLE,
  auditHasOpen,
  auditIdAs,
  auditRowOpen,
  closeAuditEntries,
  HOLD_TABLE,
  idArray,
  idsOf,
  isDeleted,
  keyOut,
} from './soft-delete-sql.js';

/** Options of {@link purgeDeleted}. */
export interface PurgeOptions {
  /** Rows soft-deleted before this instant are purged; rows deleted at or after it never are. */
  olderThan: Date;
  /** Rows per `DELETE` (each its own short transaction). Default 1,000. */
  chunkSize?: number;
  /** Count what would be purged, change nothing. */
  dryRun?: boolean;
  /** Called after every chunk. */
  onProgress?: (progress: PurgeProgress) => void;
  /**
   * What to do when another purge runs on the same database (they take an advisory lock, so at
   * most one runs at a time): `false` (default) throws {@link PurgeInProgressError} at once,
   * `true` waits for it to finish. Dry runs take no lock.
   */
  waitForLock?: boolean;
  /**
   * Hooks and outbox (`tombstone.lifecycle`): each chunk then runs in a transaction with its
   * `afterPurge` hooks and its outbox event.
   */
  lifecycle?: Lifecycle;
}

/**
 * The retention purge: hard-deletes rows soft-deleted before `olderThan`, children before
 * parents, in chunks of `chunkSize` rows, one short statement (and transaction) each — so it is
 * safe to interrupt and to run again, and it never holds locks for long.
 *
 * When a row was deleted comes from the audit trail for boolean flags (`is_deleted`; a flagged row
 * without an audit entry is never purged, its age being unknown) and from the column itself for
 * timestamp flags (`deleted_at`). A row deleted at or after the cutoff is never touched, nor is a
 * row that a live or more recently deleted row references through a CASCADE / RESTRICT /
 * NO ACTION key (hard-deleting it would take or refuse that row); those are counted in `kept`.
 * The database applies SET NULL keys and keys from tables that are not soft-deletable (an
 * author's `api_token` rows go with the author). Purged rows join their audit entries' `purged_ids`.
 *
 * Pass the database, not a transaction, for chunks to commit one by one.
 *
 * @example
 * const result = await purgeDeleted(db, graph, {
 *   olderThan: new Date(Date.now() - 30 * 86_400_000),
 *   onProgress: (p) => console.log(`${p.table}: ${p.purged}/${p.total}`),
 * });
 * result.tables; // { comment: 120, article: 12, author: 1, category: 0 }
 */
export async function purgeDeleted(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema (and its transactions).
  db: Kysely<any>,
  graph: RelationGraph,
  options: PurgeOptions,
): Promise<PurgeResult> {
  const { olderThan, dryRun = false } = options;
  if (Number.isNaN(olderThan.getTime())) throw new RangeError('purgeDeleted: olderThan is not a valid date');
  const plan = planPurge(graph);
  const sqlFor = new PurgeSql(graph, olderThan);

  const estimates = new Map<string, { total: number; purgeable: number }>();
  for (const step of plan.steps) estimates.set(step.table, await sqlFor.estimate(db, step));
  const tables: Record<string, number> = {};
  const kept: Record<string, number> = {};

  if (dryRun) {
    for (const step of plan.steps) {
      const estimate = estimates.get(step.table) ?? { total: 0, purgeable: 0 };
      tables[step.table] = estimate.purgeable;
      kept[step.table] = estimate.total - estimate.purgeable;
    }
    const held = await heldCounts(db, sqlFor, plan.steps);
    return { olderThan, dryRun, tables, kept, total: sum(tables), held };
  }

  return withPurgeLock(db, options.waitForLock ?? false, (conn) =>
    purgeLocked(conn, plan, sqlFor, estimates, options, graph),
  );
}

async function purgeLocked(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema (and its transactions).
  db: Kysely<any>,
  plan: ReturnType<typeof planPurge>,
  sqlFor: PurgeSql,
  estimates: Map<string, { total: number; purgeable: number }>,
  options: PurgeOptions,
  graph: RelationGraph,
): Promise<PurgeResult> {
  const { olderThan, dryRun = false, onProgress } = options;
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? 1000));
  const tables: Record<string, number> = {};
  const kept: Record<string, number> = {};
  const overallTotal = sum(Object.fromEntries([...estimates].map(([t, e]) => [t, e.purgeable])));
  let overallPurged = 0;
  for (const step of plan.steps) tables[step.table] = 0;
  // Tables in a cycle may free each other's rows: repeat passes until one purges nothing.
  for (;;) {
    let purgedInPass = 0;
    for (const step of plan.steps) {
      for (;;) {
        const purged = options.lifecycle?.active
          ? await purgeChunkWithLifecycle(db, graph, sqlFor, step, chunkSize, options.lifecycle)
          : await sqlFor.purgeChunk(db, step, chunkSize);
        if (purged === 0) break;
        tables[step.table] = (tables[step.table] ?? 0) + purged;
        overallPurged += purged;
        purgedInPass += purged;
        onProgress?.({
          table: step.table,
          purged: tables[step.table] ?? 0,
          total: estimates.get(step.table)?.purgeable ?? 0,
          overallPurged,
          overallTotal,
        });
      }
    }
    if (!plan.cyclic || purgedInPass === 0) break;
  }
  // Rows the database removed on its own (ON DELETE CASCADE of a purged row) leave the trash too.
  if (overallPurged > 0) await closeVanishedEntries(db, graph, Object.keys(graph.tables));
  for (const step of plan.steps) kept[step.table] = await sqlFor.countOldEnough(db, step);
  const held = await heldCounts(db, sqlFor, plan.steps);
  return { olderThan, dryRun, tables, kept, total: sum(tables), held };
}

async function heldCounts<DB>(
  db: Kysely<DB>,
  sqlFor: PurgeSql,
  steps: readonly PurgeStep[],
): Promise<Record<string, number>> {
  const held: Record<string, number> = {};
  for (const step of steps) {
    const count = await sqlFor.countHeld(db, step);
    if (count > 0) held[step.table] = count;
  }
  return held;
}

/**
 * One chunk and its lifecycle (hooks, outbox) in one transaction: the chunk is locked first, so
 * that what ON DELETE CASCADE takes with it can be collected (locked too) before the `DELETE`.
 */
function purgeChunkWithLifecycle<DB>(
  db: Kysely<DB>,
  graph: RelationGraph,
  sqlFor: PurgeSql,
  step: PurgeStep,
  chunkSize: number,
  lifecycle: Lifecycle,
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const chunk = await sqlFor.lockChunk(trx, step, chunkSize);
    if (chunk.length === 0) return 0;
    const cascaded = await collectCascadedRemovals(trx, graph, step.table, chunk);
    const ids: RowId[] = [];
    const purged = await sqlFor.purgeChunk(trx, step, chunkSize, ids, chunk);
    const direct = { table: step.table, ids, cause: 'direct' as const };
    await afterRowsGone(trx, lifecycle, 'purge', [direct, ...cascaded], null);
    return purged;
  });
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** The purge's SQL for one cutoff. */
class PurgeSql {
  readonly #graph: RelationGraph;
  readonly #cutoff: RawBuilder<Date>;

  constructor(graph: RelationGraph, olderThan: Date) {
    this.#graph = graph;
    this.#cutoff = sql<Date>`${olderThan.toISOString()}::timestamptz`;
  }

  /** Rows old enough to purge: soft-deleted before the cutoff, and not under a legal hold. */
  oldEnough(table: string, alias: string): RawBuilder<boolean> {
    return sql<boolean>`(${this.deletedBeforeCutoff(table, alias)}) and not (${this.held(table, alias)})`;
  }

  /**
   * Whether the row is in the trash through an open audit entry of a batch under a legal hold
   * (`tombstone_hold`).
   */
  held(table: string, alias: string): RawBuilder<boolean> {
    const key = sql.id(alias, idColumnOf(this.#graph, table));
    return sql<boolean>`${key} in (
      select ${auditIdAs(keyTypeOf(this.#graph, table), sql`u.row_id`)}
      from ${sql.table(AUDIT_TABLE)} d
      join ${sql.table(HOLD_TABLE)} h on h.batch_id = d.batch_id
      cross join lateral unnest(d.row_ids) as u(row_id)
      where d.table_name = ${table}::text and ${auditHasOpen('d')} and ${auditRowOpen('d', sql`u.row_id`)}
    )`;
  }

  /** Rows soft-deleted before the cutoff but held, which the purge skips. */
  async countHeld<DB>(db: Kysely<DB>, step: PurgeStep): Promise<number> {
    const { rows } = await sql<{ count: number }>`
      select count(*)::int as count from ${sql.table(step.table)} t
      where (${this.deletedBeforeCutoff(step.table, 't')}) and ${this.held(step.table, 't')}
    `.execute(db);
    return rows[0]?.count ?? 0;
  }

  /** Rows soft-deleted before the cutoff. */
  deletedBeforeCutoff(table: string, alias: string): RawBuilder<boolean> {
    const softDelete = softDeleteColumnOf(this.#graph, table);
    if (softDelete.kind === 'timestamp')
      return sql<boolean>`${sql.id(alias, softDelete.column)} < ${this.#cutoff}`;
    // The latest open audit entry decides: a row deleted again later is as young as that delete.
    // Set-based: the table's open entries are unnested once per statement (a hashed subplan),
    // not searched once per row (each search would read a whole array).
    // The audit trail holds ids as text: cast them to the key's type, so the key is compared as is.
    return sql<boolean>`${sql.id(alias, softDelete.column)} and ${sql.id(alias, idColumnOf(this.#graph, table))} in (
      select ${auditIdAs(keyTypeOf(this.#graph, table), sql`u.row_id`)} from ${sql.table(AUDIT_TABLE)} d
      cross join lateral (
        select unnest(d.row_ids) except select unnest(d.restored_ids) except select unnest(d.purged_ids)
      ) as u(row_id)
      where d.table_name = ${table}::text and ${auditHasOpen('d')}
      group by u.row_id
      having max(d.deleted_at) < ${this.#cutoff}
    )`;
  }

  /**
   * Whether a row that references `alias` keeps it. `strict`: any such row (a real purge visits
   * children first, so the old-enough ones are gone already); otherwise only rows that are not
   * old enough themselves (a dry run's one-level estimate).
   */
  guarded(step: PurgeStep, alias: string, strict: boolean): RawBuilder<boolean> {
    const key = sql.id(alias, idColumnOf(this.#graph, step.table));
    const conditions = step.guards.map((guard) => {
      const self =
        guard.childTable === step.table
          ? sql`and ${sql.id('c', idColumnOf(this.#graph, guard.childTable))} <> ${key}`
          : sql``;
      const young =
        strict || !guard.childSoftDelete ? sql`` : sql`and not (${this.oldEnough(guard.childTable, 'c')})`;
      return sql<boolean>`exists (
        select 1 from ${sql.table(guard.childTable)} c
        where ${sql.id('c', guard.childColumn)} = ${key} ${self} ${young}
      )`;
    });
    return conditions.length === 0 ? sql<boolean>`false` : sql<boolean>`(${sql.join(conditions, sql` or `)})`;
  }

  async estimate<DB>(db: Kysely<DB>, step: PurgeStep): Promise<{ total: number; purgeable: number }> {
    const { rows } = await sql<{ total: number; purgeable: number }>`
      select count(*)::int as total,
             (count(*) filter (where not ${this.guarded(step, 't', false)}))::int as purgeable
      from ${sql.table(step.table)} t
      where ${this.oldEnough(step.table, 't')}
    `.execute(db);
    return rows[0] ?? { total: 0, purgeable: 0 };
  }

  async countOldEnough<DB>(db: Kysely<DB>, step: PurgeStep): Promise<number> {
    const { rows } = await sql<{ count: number }>`
      select count(*)::int as count from ${sql.table(step.table)} t where ${this.oldEnough(step.table, 't')}
    `.execute(db);
    return rows[0]?.count ?? 0;
  }

  /** The next chunk's purgeable rows, locked (`SKIP LOCKED`); within `only` when given. */
  chunk(step: PurgeStep, limit: number, only?: readonly RowId[]): RawBuilder<{ id: RowId }> {
    const key = sql.id('t', idColumnOf(this.#graph, step.table));
    const within = only ? sql`and ${key} = any(${idArray(only, keyTypeOf(this.#graph, step.table))})` : sql``;
    return sql<{ id: RowId }>`
      select ${key} as id from ${sql.table(step.table)} t
      where ${this.oldEnough(step.table, 't')} and not ${this.guarded(step, 't', true)} ${within}
      order by ${key}
      limit ${limit}
      for update of t skip locked
    `;
  }

  /** Locks the next chunk (as `purgeChunk` would take it) and returns its ids, canonical. */
  async lockChunk<DB>(db: Kysely<DB>, step: PurgeStep, limit: number): Promise<RowId[]> {
    const type = keyTypeOf(this.#graph, step.table);
    const { rows } = await sql<{ id: RowId }>`
      select ${keyOut(type, sql.ref('c.id'))} as id from (${this.chunk(step, limit)}) c
    `.execute(db);
    return rows.map((r) => r.id);
  }

  /**
   * Hard-deletes up to `limit` purgeable rows of one table and adds them to their audit entries'
   * `purged_ids`, in one statement. Rows locked by a concurrent restore are skipped
   * (`SKIP LOCKED`), and the flag is checked again on the locked row, so a row restored meanwhile
   * stays.
   */
  async purgeChunk<DB>(
    db: Kysely<DB>,
    step: PurgeStep,
    limit: number,
    ids?: RowId[],
    only?: readonly RowId[],
  ): Promise<number> {
    const key = idColumnOf(this.#graph, step.table);
    const softDelete = softDeleteColumnOf(this.#graph, step.table);
    const stillDeleted =
      softDelete.kind === 'timestamp'
        ? sql`${sql.id('t', softDelete.column)} < ${this.#cutoff}`
        : isDeleted(softDelete, 't');
    const { rows } = await sql<{ count: number; ids?: RowId[] }>`
      with chunk as (
        ${this.chunk(step, limit, only)}
      ), gone as (
        delete from ${sql.table(step.table)} t using chunk
        where ${sql.id('t', key)} = chunk.id and ${stillDeleted}
        returning ${sql.id('t', key)} as id
      ), audit as (
        ${closeAuditEntries(step.table, 'gone', 'purged_ids')}
      )
      select count(*)::int as count ${ids ? sql`, ${idsOf('id')} as ids` : sql``} from gone
    `.execute(db);
    if (ids) ids.push(...(rows[0]?.ids ?? []));
    return rows[0]?.count ?? 0;
  }
}
