import { type Kysely, sql } from 'kysely';
import { idColumnOf, keyTypeOf, type RelationGraph } from './relation-graph.js';
import { AUDIT_TABLE, auditHasOpen, auditIdAs, auditRowOpen } from './soft-delete-sql.js';

/** `table` and every soft-deletable table that references it, directly or not (no repeats). */
export function dependentTables(graph: RelationGraph, table: string): string[] {
  const seen = new Set<string>([table]);
  const queue = [table];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const relation of graph.children.get(next) ?? []) {
      if (seen.has(relation.childTable)) continue;
      seen.add(relation.childTable);
      queue.push(relation.childTable);
    }
  }
  return [...seen];
}

/**
 * Closes the open audit entries of rows that no longer exist — rows a hard delete removed, and
 * the children the database's `ON DELETE CASCADE` removed with them — by adding those ids to the
 * entries' `purged_ids`, one statement per table. Run it in the transaction of the `DELETE`, so
 * the trash lists only rows that exist. Returns how many ids were closed.
 *
 * @example
 * await sql`delete from author where id = ${id}`.execute(trx);
 * await closeVanishedEntries(trx, graph, dependentTables(graph, 'author')); // author, article, comment
 */
export async function closeVanishedEntries<DB>(
  trx: Kysely<DB>,
  graph: RelationGraph,
  tables: readonly string[],
): Promise<number> {
  let closed = 0;
  for (const table of tables) {
    if (!(table in graph.tables)) continue;
    const key = sql.id('t', idColumnOf(graph, table));
    const { rows } = await sql<{ count: number }>`
      with vanished as (
        select g.id, array_agg(u.row_id) as ids
        from ${sql.table(AUDIT_TABLE)} g
        cross join lateral unnest(g.row_ids) as u(row_id)
        where g.table_name = ${table}::text and ${auditHasOpen('g')} and ${auditRowOpen('g', sql`u.row_id`)}
          and not exists (
            select 1 from ${sql.table(table)} t where ${key} = ${auditIdAs(keyTypeOf(graph, table), sql`u.row_id`)}
          )
        group by g.id
      ), closed as (
        update ${sql.table(AUDIT_TABLE)} d set purged_ids = d.purged_ids || v.ids
        from vanished v where d.id = v.id
        returning cardinality(v.ids) as n
      )
      select coalesce(sum(n), 0)::int as count from closed
    `.execute(trx);
    closed += rows[0]?.count ?? 0;
  }
  return closed;
}
