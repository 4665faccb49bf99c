import { type Kysely, sql } from 'kysely';
import { idColumnOf, keyTypeOf, type RelationGraph, softDeleteColumnOf } from '../cascade/relation-graph.js';
import { AUDIT_TABLE, auditIdAs, auditRowOpen, isDeleted } from '../cascade/soft-delete-sql.js';

/** One breach of {@link trashViolations}' invariant. */
export interface TrashViolation {
  table: string;
  /** The row's id as the audit trail stores it (text). */
  rowId: string;
  problem: 'missing' | 'live' | 'listed twice' | 'not listed';
}

/**
 * The trash invariant, checked in SQL over every soft-deletable table of `graph`: every row id an
 * open audit entry lists exists and is soft-deleted, and every soft-deleted row that has an audit
 * entry is listed by exactly one open entry. Returns the breaches (empty when it holds), at most
 * `limit` of them.
 *
 * @example
 * expect(await trashViolations(db, tombstone.graph)).toEqual([]);
 */
export async function trashViolations<DB>(
  db: Kysely<DB>,
  graph: RelationGraph,
  limit = 20,
): Promise<TrashViolation[]> {
  const violations: TrashViolation[] = [];
  for (const table of Object.keys(graph.tables)) {
    const key = sql.id('t', idColumnOf(graph, table));
    const deleted = isDeleted(softDeleteColumnOf(graph, table), 't');
    const { rows } = await sql<TrashViolation>`
      with listed as (
        select u.row_id, count(*)::int as times
        from ${sql.table(AUDIT_TABLE)} g cross join lateral unnest(g.row_ids) as u(row_id)
        where g.table_name = ${table}::text and g.open and ${auditRowOpen('g', sql`u.row_id`)}
        group by u.row_id
      ), audited as (
        select distinct u.row_id
        from ${sql.table(AUDIT_TABLE)} g cross join lateral unnest(g.row_ids) as u(row_id)
        where g.table_name = ${table}::text
      )
      select ${table}::text as "table", l.row_id as "rowId",
             case when t.${sql.raw('ctid')} is null then 'missing'
                  when not (${deleted}) then 'live' else 'listed twice' end as problem
      from listed l left join ${sql.table(table)} t on ${key} = ${auditIdAs(keyTypeOf(graph, table), sql`l.row_id`)}
      where t.ctid is null or not (${deleted}) or l.times > 1
      union all
      select ${table}::text, ${key}::text, 'not listed'
      from ${sql.table(table)} t
      where ${deleted} and ${key}::text in (select row_id from audited)
        and ${key}::text not in (select row_id from listed)
      limit ${limit}
    `.execute(db);
    violations.push(...rows);
  }
  return violations.slice(0, limit);
}
