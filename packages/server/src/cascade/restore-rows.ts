import { type Kysely, sql } from 'kysely';
import type { LifecycleStatement } from '../lifecycle/lifecycle-statement.js';
import { restoreStatements } from '../lifecycle/statements.js';
import { parentDeletedMessage, uniqueConflictMessage } from './cascade-messages.js';
import type { RestoreConflict, RestoreOutcome, RestoreRequest } from './cascade-outcome.js';
import { LargeOperationError } from './large-operation.js';
import { lockInKeyOrder, lockRows } from './lock-rows.js';
import { planCascade, relationsFrom } from './plan-cascade.js';
import { planRestoreChecks } from './plan-restore.js';
import { idColumnOf, keyTypeOf, type RelationGraph, softDeleteColumnOf } from './relation-graph.js';
import { canonicalId, canonicalIds, type RowId } from './row-id.js';
import { RowRoots } from './row-roots.js';
import { inTransaction, retryOnDeadlock, savepoint } from './savepoint.js';
import {
  AUDIT_TABLE,
  actorText,
  auditHasOpen,
  auditIdArray,
  auditIdAs,
  auditOverlapHint,
  auditRowOpen,
  closeAuditEntries,
  idArray,
  isDeleted,
  keyOut,
  markLive,
} from './soft-delete-sql.js';
import { describeUniqueViolation, isUniqueViolation } from './unique-violation.js';

/**
 * Restores soft-deleted rows of one table, each with exactly the rows its own delete cascaded to
 * (the ids of its batch's audit entries whose parent pointers lead back to it) — not rows deleted
 * separately, before or after. Runs inside the caller's transaction (or a new one).
 *
 * All-or-nothing per requested id, the others proceed:
 * - CONFLICT `parent-deleted` when a row it would bring back references a parent through a
 *   CASCADE / RESTRICT / NO ACTION key that is still deleted (and not restored by this call);
 * - CONFLICT `unique` when a live row now holds a unique value of a row it would bring back
 *   (the database's `23505`, caught per id with a savepoint; the message names the column).
 *
 * Parents are locked `FOR SHARE` while checked, so a concurrent delete of a parent either waits
 * for this restore (and then cascades to the restored rows) or wins and turns it into a conflict.
 * The audit entries of restored rows get them in `restored_ids` (and `restored_at`/`restored_by`).
 *
 * @example
 * const outcome = await db.transaction().execute((trx) =>
 *   restoreRows(trx, graph, { table: 'author', ids: [1], actorId: 42 }),
 * );
 * outcome.restored;  // [1]
 * outcome.cascaded;  // { article: 3, comment: 12 } — only what deleting author 1 took along
 * outcome.conflicts; // [{ id, reason: 'unique', message: '… already has the same email …' }]
 */
export async function restoreRows(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema (and its transactions).
  db: Kysely<any>,
  graph: RelationGraph,
  request: RestoreRequest,
): Promise<RestoreOutcome> {
  softDeleteColumnOf(graph, request.table);
  const { ids, original } = canonicalIds(request.ids, keyTypeOf(graph, request.table));
  if (ids.length === 0) return { restored: [], alreadyLive: [], missing: [], conflicts: [], cascaded: {} };
  const outcome = await inTransaction(db, (trx) =>
    retryOnDeadlock(() =>
      restoreOnce(trx, graph, request.table, ids, request.actorId, request.statements === true, {
        maxRows: request.maxRows,
        alone: request.alone === true,
      }),
    ),
  );
  return {
    ...outcome,
    restored: outcome.restored.map(original),
    alreadyLive: outcome.alreadyLive.map(original),
    missing: outcome.missing.map(original),
    conflicts: outcome.conflicts.map((c) => ({ ...c, id: original(c.id) })),
  };
}

async function restoreOnce<DB>(
  trx: Kysely<DB>,
  graph: RelationGraph,
  table: string,
  ids: readonly RowId[],
  actorId: RowId | null,
  withStatements: boolean,
  reach: TreeReach,
): Promise<RestoreOutcome> {
  const sp = await savepoint(trx);
  try {
    const states = await lockRows(trx, graph, table, ids);
    const missing = ids.filter((id) => !states.has(id));
    const alreadyLive = ids.filter((id) => states.get(id) === false);
    const candidates = ids.filter((id) => states.get(id) === true);
    const conflicts = new Map<RowId, RestoreConflict>();
    let restored: RowId[] = [];
    const cascaded: Record<string, number> = {};
    let statements: LifecycleStatement[] | undefined;

    if (candidates.length > 0) {
      const tree = await loadTrees(trx, graph, table, candidates, reach);
      await checkParents(trx, graph, table, tree, conflicts);
      const counts = await restoreTrees(trx, graph, table, tree, actorId, conflicts);
      restored = candidates.filter((id) => !conflicts.has(id) && tree.has(table, id));
      for (const [name, count] of counts) {
        const own = name === table ? restored.length : 0;
        if (count - own > 0) cascaded[name] = count - own;
      }
      if (withStatements) statements = restoreStatements(table, restored, tree.idsByTable());
    }
    await sp.release();
    return {
      restored,
      alreadyLive,
      missing,
      conflicts: candidates.flatMap((id) => conflicts.get(id) ?? []),
      cascaded,
      ...(withStatements ? { statements: statements ?? [] } : {}),
    };
  } catch (error) {
    await sp.rollback();
    throw error;
  }
}

/**
 * Each requested row with the rows its own delete cascaded to: from the row's open audit entry,
 * level by level along the CASCADE keys, keeping the deleted children whose open entry is in the
 * same batch and points back at that parent (one statement per relation and level). A row
 * without an audit entry (deleted by other means) comes back alone.
 */
/** How far a restore reaches: the whole trees (within `maxRows` rows), or the requested rows alone. */
interface TreeReach {
  maxRows: number | undefined;
  alone: boolean;
}

async function loadTrees<DB>(
  trx: Kysely<DB>,
  graph: RelationGraph,
  table: string,
  ids: readonly RowId[],
  reach: TreeReach,
): Promise<RowRoots> {
  const audit = sql.table(AUDIT_TABLE);
  const type = keyTypeOf(graph, table);
  // The audit trail stores ids as text: match on the text form (canonical ids are that form).
  const { rows: starts } = await sql<{ row_id: string; batch_id: string }>`
    select distinct on (u.row_id) u.row_id, d.batch_id::text as batch_id
    from ${audit} d
    cross join lateral unnest(d.row_ids) as u(row_id)
    join unnest(${auditIdArray(ids)}) as r(id) on r.id = u.row_id
    where d.table_name = ${table}::text and ${auditHasOpen('d')} ${auditOverlapHint('d', graph, table, ids)}
      and ${auditRowOpen('d', sql`u.row_id`)}
    order by u.row_id, d.deleted_at desc, d.id desc
  `.execute(trx);
  const tree = new RowRoots();
  // Requested rows belong to themselves even when another requested row's delete took them.
  for (const id of ids) tree.add(table, id, id);

  if (reach.alone) return tree;
  if (reach.maxRows !== undefined) {
    if (ids.length > reach.maxRows) throw new LargeOperationError(table, reach.maxRows);
    // The rows the batches still hold bound the trees from above, and cost one read of their
    // entries' sizes: past the limit, walking the trees to count them exactly would cost more
    // than the job it decides on.
    const open = await openRowsOfBatches(trx, [...new Set(starts.map((s) => s.batch_id))]);
    if (open > reach.maxRows) throw new LargeOperationError(table, reach.maxRows);
  }
  // Within a limit, each level reads at most the rows left under it (plus one, to know).
  let budget = reach.maxRows === undefined ? undefined : reach.maxRows - ids.length;
  const plan = planCascade(graph, table);
  let frontier = new Map<string, Level>([
    [
      table,
      {
        ids: starts.map((s) => canonicalId(s.row_id, type)),
        batches: starts.map((s) => s.batch_id),
      },
    ],
  ]);
  while (frontier.size > 0) {
    const next = new Map<string, Level>();
    for (const relation of relationsFrom(plan, new Set(frontier.keys()))) {
      const parents = frontier.get(relation.parentTable) as Level;
      const child = relation.childTable;
      const key = sql.id('c', idColumnOf(graph, child));
      const fk = sql.id('c', relation.childColumn);
      const childType = keyTypeOf(graph, child);
      const parentType = keyTypeOf(graph, relation.parentTable);
      // The batches' cascade entries of this relation, unnested, matched to the frontier on
      // (batch, parent id), and kept only where the child row is still deleted.
      const level = sql`
        with f as (
          select * from unnest(${idArray(parents.ids, parentType)}, ${parents.batches}::uuid[]) as f(parent_id, batch_id)
        ), e as (
          select d.batch_id, u.row_id, u.parent_id
          from ${audit} d
          cross join lateral unnest(d.row_ids, d.parent_ids) as u(row_id, parent_id)
          where d.batch_id in (select batch_id from f) and d.table_name = ${child}::text
            and d.cause = 'cascade' and d.parent_table = ${relation.parentTable}::text
            and ${auditHasOpen('d')} and ${auditRowOpen('d', sql`u.row_id`)}
        )
        select ${keyOut(childType, key)} as id, ${keyOut(parentType, fk)} as parent_id, e.batch_id::text as batch_id
        from e
        join f on f.batch_id = e.batch_id and f.parent_id = ${auditIdAs(parentType, sql`e.parent_id`)}
        join ${sql.table(child)} c on ${key} = ${auditIdAs(childType, sql`e.row_id`)}
          and ${fk} = ${auditIdAs(parentType, sql`e.parent_id`)}
        where ${isDeleted(softDeleteColumnOf(graph, child), 'c')}`;
      if (budget !== undefined) {
        // Within a limit, count first (at most limit + 1 rows): a refused restore reads, it does
        // not bring thousands of rows into the process.
        const { rows: counted } = await sql<{ n: number }>`
          select count(*)::int as n from (${level} limit ${budget + 1}) s
        `.execute(trx);
        const n = counted[0]?.n ?? 0;
        if (n > budget) throw new LargeOperationError(child, reach.maxRows as number);
        budget -= n;
      }
      const { rows } = await sql<{ id: RowId; parent_id: RowId; batch_id: string }>`${level}`.execute(trx);
      for (const row of rows) {
        if (tree.has(child, row.id)) continue;
        tree.add(child, row.id, tree.rootOf(relation.parentTable, row.parent_id) as RowId);
        const level = next.get(child) ?? { ids: [], batches: [] };
        level.ids.push(row.id);
        level.batches.push(row.batch_id);
        next.set(child, level);
      }
    }
    frontier = next;
  }
  return tree;
}

/** How many rows the audit entries of `batchIds` still hold in the trash. */
export async function openRowsOfBatches<DB>(trx: Kysely<DB>, batchIds: readonly string[]): Promise<number> {
  if (batchIds.length === 0) return 0;
  const { rows } = await sql<{ total: string | number }>`
    select coalesce(sum(cardinality(row_ids) - cardinality(restored_ids) - cardinality(purged_ids)), 0)::bigint as total
    from ${sql.table(AUDIT_TABLE)} d
    where d.batch_id = any(${[...batchIds]}::uuid[]) and ${auditHasOpen('d')}
  `.execute(trx);
  return Number(rows[0]?.total ?? 0);
}

/** Rows of one table reached at one level, with the batch each was deleted in. */
interface Level {
  ids: RowId[];
  batches: string[];
}

/**
 * Locks (`FOR SHARE`) the parents the trees depend on and refuses every root whose tree would
 * come back under a parent that stays deleted; repeats, since refusing one tree can leave a row
 * of another without its parent.
 */
async function checkParents<DB>(
  trx: Kysely<DB>,
  graph: RelationGraph,
  table: string,
  tree: RowRoots,
  conflicts: Map<RowId, RestoreConflict>,
): Promise<void> {
  const checks = planRestoreChecks(graph, tree.tables()).map((relation) => ({
    relation,
    deletedParents: [] as RowId[],
  }));
  const initial = tree.idsByTable();
  for (const check of checks) {
    const { relation } = check;
    const parentKey = sql.id(idColumnOf(graph, relation.parentTable));
    const { rows } = await sql<{ id: RowId; deleted: boolean }>`
      select ${keyOut(keyTypeOf(graph, relation.parentTable), parentKey)} as id,
             ${isDeleted(softDeleteColumnOf(graph, relation.parentTable))} as deleted
      from ${sql.table(relation.parentTable)}
      where ${parentKey} in (
        select ${sql.id(relation.childColumn)} from ${sql.table(relation.childTable)}
        where ${sql.id(idColumnOf(graph, relation.childTable))} = any(${idArray(initial.get(relation.childTable) ?? [], keyTypeOf(graph, relation.childTable))})
      )
      order by ${parentKey}
      for share
    `.execute(trx);
    check.deletedParents = rows.filter((r) => r.deleted).map((r) => r.id);
  }

  for (let changed = true; changed; ) {
    changed = false;
    for (const { relation, deletedParents } of checks) {
      const staying = deletedParents.filter((id) => !tree.has(relation.parentTable, id));
      const childIds = tree.idsByTable().get(relation.childTable) ?? [];
      if (staying.length === 0 || childIds.length === 0) continue;
      const fk = sql.id(relation.childColumn);
      const childKey = sql.id(idColumnOf(graph, relation.childTable));
      const childType = keyTypeOf(graph, relation.childTable);
      const parentType = keyTypeOf(graph, relation.parentTable);
      const { rows } = await sql<{ id: RowId; parent_id: RowId }>`
        select ${keyOut(childType, childKey)} as id, ${keyOut(parentType, fk)} as parent_id from ${sql.table(relation.childTable)}
        where ${childKey} = any(${idArray(childIds, childType)}) and ${fk} = any(${idArray(staying, parentType)})
        order by ${childKey}
      `.execute(trx);
      for (const row of rows) {
        const root = tree.rootOf(relation.childTable, row.id);
        if (root === undefined) continue;
        conflicts.set(root, {
          id: root,
          reason: 'parent-deleted',
          message: parentDeletedMessage(table, root, relation, row.id, row.parent_id),
        });
        tree.dropRoot(root);
        changed = true;
      }
    }
  }
}

/**
 * Clears the flags of every tree in one statement per table; when the database refuses with a
 * unique violation, starts over one tree at a time, each in its own savepoint, and refuses the
 * trees that collide. Returns the number of rows restored per table.
 */
async function restoreTrees<DB>(
  trx: Kysely<DB>,
  graph: RelationGraph,
  table: string,
  tree: RowRoots,
  actorId: RowId | null,
  conflicts: Map<RowId, RestoreConflict>,
): Promise<Map<string, number>> {
  const all = await savepoint(trx);
  try {
    const counts = await restoreTables(trx, graph, tree.idsByTable(), actorId);
    await all.release();
    return counts;
  } catch (error) {
    await all.rollback();
    if (!isUniqueViolation(error)) throw error;
  }

  const counts = new Map<string, number>();
  for (const root of tree.roots()) {
    const one = await savepoint(trx);
    try {
      const restored = await restoreTables(trx, graph, tree.idsByTable(root), actorId);
      await one.release();
      for (const [name, count] of restored) counts.set(name, (counts.get(name) ?? 0) + count);
    } catch (error) {
      await one.rollback();
      if (!isUniqueViolation(error)) throw error;
      const violation = await describeUniqueViolation(trx, error);
      conflicts.set(root, {
        id: root,
        reason: 'unique',
        message: uniqueConflictMessage(table, root, violation),
      });
      tree.dropRoot(root);
    }
  }
  return counts;
}

async function restoreTables<DB>(
  trx: Kysely<DB>,
  graph: RelationGraph,
  idsByTable: Map<string, RowId[]>,
  actorId: RowId | null,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const [name, ids] of idsByTable) {
    const softDelete = softDeleteColumnOf(graph, name);
    const key = sql.id(idColumnOf(graph, name));
    const { rows } = await sql<{ count: number }>`
      with locked as (
        ${lockInKeyOrder(name, key, sql`${key} = any(${idArray(ids, keyTypeOf(graph, name))}) and ${isDeleted(softDelete)}`)}
      ), restored as (
        update ${sql.table(name)} set ${markLive(softDelete)}
        where ${key} in (select k from locked) and ${isDeleted(softDelete)}
        returning ${key} as id
      ), audit as (
        ${closeAuditEntries(name, 'restored', 'restored_ids', sql`, restored_at = now(), restored_by = ${actorText(actorId)}`, { graph, ids })}
      )
      select count(*)::int as count from restored
    `.execute(trx);
    counts.set(name, rows[0]?.count ?? 0);
  }
  return counts;
}
