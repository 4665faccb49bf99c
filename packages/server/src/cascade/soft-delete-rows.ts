import { randomUUID } from 'node:crypto';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { LifecycleStatement } from '../lifecycle/lifecycle-statement.js';
import { cascadeStatement, rootStatement } from '../lifecycle/statements.js';
import { blockedMessage } from './cascade-messages.js';
import type { CascadeBlock, SoftDeleteOutcome, SoftDeleteRequest } from './cascade-outcome.js';
import { sortedDifference, uniqueSortedIds } from './id-list.js';
import { LargeOperationError } from './large-operation.js';
import { existingIds, rowsInKeyOrder } from './lock-rows.js';
import { type CascadePlan, planCascade, relationsFrom } from './plan-cascade.js';
import {
  idColumnOf,
  keyTypeOf,
  type Relation,
  type RelationGraph,
  softDeleteColumnOf,
} from './relation-graph.js';
import { canonicalIds, type RowId } from './row-id.js';
import { RowRoots } from './row-roots.js';
import { inTransaction, retryOnDeadlock, savepoint } from './savepoint.js';
import { AUDIT_TABLE, actorText, idArray, idsOf, isLive, keyOut, markDeleted } from './soft-delete-sql.js';

/**
 * Soft-deletes rows of one table with Django's `on_delete` semantics, inside the caller's
 * transaction (or a new one when `db` is not a transaction):
 *
 * - every live row reachable through CASCADE keys is soft-deleted too, level by level, with one
 *   set-based `UPDATE` per relation and level: the number of statements does not grow with the
 *   number of rows;
 * - a live row behind a RESTRICT / NO ACTION key blocks the requested id whose tree it references
 *   (unless that row is itself cascade-deleted by the same call); nothing of that tree changes,
 *   the other ids proceed;
 * - SET NULL / SET DEFAULT children are left alone; boolean and timestamp flags mix freely;
 * - every statement's newly deleted rows get ONE audit row (batch, actor, direct | cascade, parent
 *   table, the ids as `row_ids` and, for cascaded rows, the parallel `parent_ids`), written by the
 *   same statement as its `UPDATE` (`array_agg` over its `RETURNING`);
 * - ids already deleted are untouched (original time and actor kept, no new audit entry).
 *
 * The UPDATE itself locks the rows it flips, so overlapping deletes and restores serialize (a
 * second delete waits, re-checks the flag and reports the row as already deleted); a deadlock
 * PostgreSQL breaks is retried from a savepoint.
 *
 * @example
 * const outcome = await db.transaction().execute((trx) =>
 *   softDeleteRows(trx, graph, { table: 'author', ids: [1], actorId: 42 }),
 * );
 * outcome.deleted;  // [1]
 * outcome.cascaded; // { article: 3, comment: 12 }
 * outcome.blocked;  // [] — or [{ id, table, count, message }] for refused ids
 */
export async function softDeleteRows(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema (and its transactions).
  db: Kysely<any>,
  graph: RelationGraph,
  request: SoftDeleteRequest,
): Promise<SoftDeleteOutcome> {
  const plan = planCascade(graph, request.table);
  const { ids, original } = canonicalIds(request.ids, keyTypeOf(graph, request.table));
  if (ids.length === 0) {
    return { batchId: null, deleted: [], alreadyDeleted: [], missing: [], blocked: [], cascaded: {} };
  }
  const options: DeleteOptions = {
    actorId: request.actorId,
    withStatements: request.statements === true,
    batchId: request.batchId,
    via: request.via,
    maxRows: request.maxRows,
  };
  const outcome = await inTransaction(db, (trx) =>
    retryOnDeadlock(() => deleteOnce(trx, graph, plan, ids, options)),
  );
  return {
    ...outcome,
    deleted: outcome.deleted.map(original),
    alreadyDeleted: outcome.alreadyDeleted.map(original),
    missing: outcome.missing.map(original),
    blocked: outcome.blocked.map((b) => ({ ...b, id: original(b.id) })),
  };
}

/** How one delete runs: who, into which batch, along which relation, within which limit. */
interface DeleteOptions {
  actorId: RowId | null;
  withStatements: boolean;
  batchId: string | undefined;
  via: Relation | undefined;
  maxRows: number | undefined;
}

async function deleteOnce<DB>(
  trx: Kysely<DB>,
  graph: RelationGraph,
  plan: CascadePlan,
  ids: readonly RowId[],
  options: DeleteOptions,
): Promise<SoftDeleteOutcome> {
  const blocked: CascadeBlock[] = [];
  const refused = new Set<RowId>();
  // Each pass either succeeds or refuses at least one more id, so this ends.
  for (;;) {
    const sp = await savepoint(trx);
    try {
      // No separate locking read: the UPDATE itself locks the live rows it flips (a concurrent
      // delete of the same rows waits, re-checks the flag and finds them already deleted).
      const candidates = refused.size > 0 ? ids.filter((id) => !refused.has(id)) : ids;
      if (candidates.length === 0) {
        await sp.release();
        return { batchId: null, deleted: [], alreadyDeleted: [], missing: [], blocked, cascaded: {} };
      }

      const batchId = options.batchId ?? randomUUID();
      const run = await cascadeDelete(trx, graph, plan, candidates, batchId, options);
      const found = await findBlocks(trx, graph, plan, run);
      if (found.length > 0) {
        await sp.rollback();
        for (const block of found) {
          refused.add(block.id);
          blocked.push(block);
        }
        continue;
      }
      await sp.release();
      // Requested rows the UPDATE did not flip were already deleted, or do not exist.
      const rest = sortedDifference(candidates, uniqueSortedIds(run.roots));
      const existing = rest.length > 0 ? await existingIds(trx, graph, plan.table, rest) : new Set<RowId>();
      return {
        batchId: run.roots.length > 0 ? batchId : null,
        deleted: run.roots,
        alreadyDeleted: rest.filter((id) => existing.has(id)),
        missing: rest.filter((id) => !existing.has(id)),
        blocked,
        cascaded: run.cascaded,
        ...(run.statements ? { statements: run.statements } : {}),
      };
    } catch (error) {
      await sp.rollback();
      throw error;
    }
  }
}

/** What one cascade pass flagged. */
interface CascadeRun {
  /** Requested ids flagged by this pass. */
  roots: RowId[];
  cascaded: Record<string, number>;
  /**
   * Every row flagged, per table (roots included), and the root each belongs to: kept only when
   * the plan has RESTRICT keys to check, since nothing else reads them.
   */
  tracked: { deleted: Map<string, RowId[]>; owners: RowRoots } | null;
  /** Every statement's rows, when asked for (hooks, outbox). */
  statements?: LifecycleStatement[];
}

async function cascadeDelete<DB>(
  trx: Kysely<DB>,
  graph: RelationGraph,
  plan: CascadePlan,
  ids: readonly RowId[],
  batchId: string,
  options: DeleteOptions,
): Promise<CascadeRun> {
  const { actorId, withStatements, via, maxRows } = options;
  const table = plan.table;
  const softDelete = softDeleteColumnOf(graph, table);
  const key = sql.id(idColumnOf(graph, table));
  const type = keyTypeOf(graph, table);
  // A job's chunk of children is audited as what it is: rows cascaded from their parents.
  const parentType = via ? keyTypeOf(graph, via.parentTable) : undefined;
  const parentOut =
    via && parentType ? sql`, ${keyOut(parentType, sql.id(via.childColumn))} as parent_id` : sql``;
  const audit = via
    ? sql`insert into ${sql.table(AUDIT_TABLE)} (batch_id, table_name, cause, parent_table, row_ids, parent_ids, actor_id)
      select ${batchId}::uuid, ${table}::text, 'cascade', ${via.parentTable}::text, array_agg(id::text),
             array_agg(parent_id::text), ${actorText(actorId)}
      from updated having count(*) > 0`
    : sql`insert into ${sql.table(AUDIT_TABLE)} (batch_id, table_name, cause, row_ids, actor_id)
      select ${batchId}::uuid, ${table}::text, 'direct', array_agg(id::text), ${actorText(actorId)}
      from updated having count(*) > 0`;
  const { rows } = await sql<{ ids: RowId[]; parent_ids?: RowId[] }>`
    with updated as (
      update ${sql.table(table)} set ${markDeleted(softDelete)}
      where ${rowsInKeyOrder(table, key, sql`${key} = any(${idArray(ids, type)}) and ${isLive(softDelete)}`, ids.length)}
        and ${isLive(softDelete)}
      returning ${keyOut(type, key)} as id ${parentOut}
    ), audit as (${audit})
    select ${idsOf('id')} as ids ${via && withStatements ? sql`, ${idsOf('parent_id')} as parent_ids` : sql``}
    from updated
  `.execute(trx);

  const roots = rows[0]?.ids ?? [];
  if (maxRows !== undefined && roots.length > maxRows) throw new LargeOperationError(table, maxRows);
  let budget = maxRows === undefined ? undefined : maxRows - roots.length;
  const tracked =
    plan.restrict.length > 0 ? { deleted: new Map<string, RowId[]>(), owners: new RowRoots() } : null;
  if (tracked) {
    for (const id of roots) tracked.owners.add(table, id, id);
    tracked.deleted.set(table, [...roots]);
  }
  const cascaded: Record<string, number> = {};
  const statements = withStatements
    ? via
      ? roots.length > 0
        ? [cascadeStatement(via, roots, rows[0]?.parent_ids ?? [])]
        : []
      : rootStatement(table, roots)
    : undefined;

  // Ids come back only where a later step needs them: to cascade further, to check RESTRICT, or
  // for hooks and the outbox.
  const needsIds = (name: string) =>
    withStatements ||
    plan.cascade.some((r) => r.parentTable === name) ||
    plan.restrict.some((r) => r.parentTable === name);
  let frontier = new Map<string, RowId[]>(roots.length > 0 ? [[table, roots]] : []);
  while (frontier.size > 0) {
    const next = new Map<string, RowId[]>();
    for (const relation of relationsFrom(plan, new Set(frontier.keys()))) {
      const parentIds = frontier.get(relation.parentTable) ?? [];
      const child = relation.childTable;
      const flagged = await cascadeRelation(
        trx,
        graph,
        relation,
        parentIds,
        batchId,
        actorId,
        needsIds(child),
        budget,
      );
      if (flagged.count === 0) continue;
      if (budget !== undefined) budget -= flagged.count;
      cascaded[child] = (cascaded[child] ?? 0) + flagged.count;
      if (!flagged.rows) continue;
      const { ids: childIds, parentIds: childParents } = flagged.rows;
      statements?.push(cascadeStatement(relation, childIds, childParents));
      next.set(child, [...(next.get(child) ?? []), ...childIds]);
      if (tracked) {
        tracked.deleted.set(child, [...(tracked.deleted.get(child) ?? []), ...childIds]);
        childIds.forEach((id, i) => {
          const root = tracked.owners.rootOf(relation.parentTable, childParents[i] as RowId) as RowId;
          tracked.owners.add(child, id, root);
        });
      }
    }
    frontier = next;
  }
  return { roots, cascaded, tracked, ...(statements ? { statements } : {}) };
}

/**
 * One set-based statement: flag the live children of `parentIds` along `relation` and audit
 * them as one grouped entry (both `array_agg`s read the same rows in the same pass, so
 * `parent_ids` stays parallel to `row_ids`). Returns how many, and which (with their parents, in
 * a parallel array) when `withIds`.
 */
async function cascadeRelation<DB>(
  trx: Kysely<DB>,
  graph: RelationGraph,
  relation: Relation,
  parentIds: readonly RowId[],
  batchId: string,
  actorId: RowId | null,
  withIds: boolean,
  budget: number | undefined,
): Promise<{ count: number; rows?: { ids: RowId[]; parentIds: RowId[] } }> {
  const softDelete = softDeleteColumnOf(graph, relation.childTable);
  const key = sql.id(idColumnOf(graph, relation.childTable));
  const fk = sql.id(relation.childColumn);
  const parentType = keyTypeOf(graph, relation.parentTable);
  const children = sql`${fk} = any(${idArray(parentIds, parentType)}) and ${isLive(softDelete)}`;
  // Within a limit, the candidates are counted first (reading at most limit + 1 index entries)
  // and the UPDATE runs only when they fit: a refused call never flags a million rows first.
  // The count is skipped when the whole table, by its statistics scaled to its current size (as
  // the planner scales them), cannot hold twice the limit; the UPDATE's own count still decides.
  const limited = budget !== undefined;
  const cap = Math.max(0, budget ?? 0);
  const candidates = limited
    ? sql`candidates as (
        select case when ${tableRowsBound(relation.childTable)} <= ${cap} then 0
          else (select count(*)::int from (select 1 from ${sql.table(relation.childTable)} where ${children} limit ${cap + 1}) s)
        end as n
      ), `
    : sql``;
  const fits = limited ? sql`and (select n from candidates) <= ${cap}` : sql``;
  const counted = limited ? sql`, (select n from candidates) as candidates` : sql``;
  // Children are flagged in the scan order of the foreign key's index, not locked in key order
  // first (that costs ~25% on a 10,000-row cascade): a rare deadlock here is retried whole.
  const flagged = sql`
    with ${candidates} updated as (
      update ${sql.table(relation.childTable)} set ${markDeleted(softDelete)}
      where ${children} ${fits}
      returning ${keyOut(keyTypeOf(graph, relation.childTable), key)} as id, ${keyOut(parentType, fk)} as parent_id
    ), audit as (
      insert into ${sql.table(AUDIT_TABLE)} (batch_id, table_name, cause, parent_table, row_ids, parent_ids, actor_id)
      select ${batchId}::uuid, ${relation.childTable}::text, 'cascade', ${relation.parentTable}::text,
             array_agg(id::text), array_agg(parent_id::text), ${actorText(actorId)}
      from updated having count(*) > 0
    )`;
  const overLimit = (row: { candidates?: number; count?: number; ids?: RowId[] } | undefined) => {
    const flipped = row?.count ?? row?.ids?.length ?? 0;
    if (limited && ((row?.candidates ?? 0) > cap || flipped > cap)) {
      throw new LargeOperationError(relation.childTable, cap);
    }
  };
  if (withIds) {
    const { rows } = await sql<{ ids: RowId[]; parent_ids: RowId[]; candidates?: number }>`
      ${flagged} select ${idsOf('id')} as ids, ${idsOf('parent_id')} as parent_ids ${counted} from updated
    `.execute(trx);
    overLimit(rows[0]);
    const ids = rows[0]?.ids ?? [];
    return { count: ids.length, rows: { ids, parentIds: rows[0]?.parent_ids ?? [] } };
  }
  const { rows } = await sql<{ count: number; candidates?: number }>`
    ${flagged} select count(*)::int as count ${counted} from updated
  `.execute(trx);
  overLimit(rows[0]);
  return { count: rows[0]?.count ?? 0 };
}

/**
 * Counts live children behind RESTRICT / NO ACTION keys of every flagged row. The cascade has
 * already flagged its rows, so a child deleted by the same call is not live and does not block.
 */
async function findBlocks<DB>(
  trx: Kysely<DB>,
  graph: RelationGraph,
  plan: CascadePlan,
  run: CascadeRun,
): Promise<CascadeBlock[]> {
  const blocks = new Map<RowId, CascadeBlock>();
  if (!run.tracked) return [];
  const { deleted, owners } = run.tracked;
  for (const relation of plan.restrict) {
    const parentIds = deleted.get(relation.parentTable);
    if (!parentIds || parentIds.length === 0) continue;
    const softDelete = softDeleteColumnOf(graph, relation.childTable);
    const fk = sql.id(relation.childColumn);
    const parentType = keyTypeOf(graph, relation.parentTable);
    const { rows } = await sql<{ parent_id: RowId; count: number }>`
      select ${keyOut(parentType, fk)} as parent_id, count(*)::int as count
      from ${sql.table(relation.childTable)}
      where ${fk} = any(${idArray(parentIds, parentType)}) and ${isLive(softDelete)}
      group by ${fk}
      order by ${fk}
    `.execute(trx);
    for (const row of rows) {
      const root = owners.rootOf(relation.parentTable, row.parent_id);
      if (root === undefined || blocks.has(root)) continue;
      blocks.set(root, {
        id: root,
        table: relation.childTable,
        count: row.count,
        constraint: relation.name,
        message: blockedMessage(plan.table, root, relation, row.parent_id, row.count),
      });
    }
  }
  return [...blocks.values()];
}

/**
 * Twice the rows `table` may hold, from `pg_class` (`reltuples` per page times its pages now; 0
 * for an empty heap), or int4's maximum when it has no statistics (never analyzed, or
 * partitioned): a bound below which a statement on the table cannot go over a limit, so its
 * candidates need no count.
 */
function tableRowsBound(table: string): RawBuilder<number> {
  return sql<number>`coalesce((
    select case when pg_relation_size(c.oid) = 0 and c.relkind = 'r' then 0
      when c.relpages > 0 and c.reltuples >= 0
        then 2 * c.reltuples / c.relpages * (pg_relation_size(c.oid) / current_setting('block_size')::int)
    end
    from pg_class c where c.oid = to_regclass(${table})
  ), 2147483647)`;
}
