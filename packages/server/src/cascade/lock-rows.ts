import { type Kysely, sql } from 'kysely';
import { idColumnOf, type RelationGraph, softDeleteColumnOf } from './relation-graph.js';
import { idArray, isDeleted } from './soft-delete-sql.js';

/**
 * Locks the requested rows of `table` (`FOR UPDATE`, in id order so that two transactions
 * locking overlapping sets cannot deadlock on them) and tells, per id found, whether the row is
 * soft-deleted. Ids absent from the map have no row.
 */
export async function lockRows<DB>(
  trx: Kysely<DB>,
  graph: RelationGraph,
  table: string,
  ids: readonly number[],
): Promise<Map<number, boolean>> {
  const key = sql.id(idColumnOf(graph, table));
  const { rows } = await sql<{ id: number; deleted: boolean }>`
    select ${key} as id, ${isDeleted(softDeleteColumnOf(graph, table))} as deleted
    from ${sql.table(table)}
    where ${key} = any(${idArray(ids)})
    order by ${key}
    for update
  `.execute(trx);
  return new Map(rows.map((r) => [r.id, r.deleted]));
}

/** Which of `ids` have a row in `table` (deleted or not); a plain read, no locks. */
export async function existingIds<DB>(
  trx: Kysely<DB>,
  graph: RelationGraph,
  table: string,
  ids: readonly number[],
): Promise<Set<number>> {
  const key = sql.id(idColumnOf(graph, table));
  const { rows } = await sql<{ id: number }>`
    select ${key} as id from ${sql.table(table)} where ${key} = any(${idArray(ids)})
  `.execute(trx);
  return new Set(rows.map((r) => r.id));
}
