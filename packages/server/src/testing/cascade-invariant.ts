import { type Kysely, sql } from 'kysely';
import {
  DEPENDENT_ACTIONS,
  idColumnOf,
  type RelationGraph,
  softDeleteColumnOf,
} from '../cascade/relation-graph.js';
import { AUDIT_TABLE, auditRowOpen, isDeleted, isLive } from '../cascade/soft-delete-sql.js';

/**
 * The cascade invariant, checked in SQL over `graph`, as readable problems (empty when it holds):
 * no live row under a soft-deleted parent through a CASCADE / RESTRICT / NO ACTION key (SET NULL
 * and SET DEFAULT children may outlive their parent), and no half restore — a row still in the
 * trash through a cascade entry whose parent row is live again. At most `limit` problems.
 *
 * @example
 * expect(await cascadeViolations(db, tombstone.graph)).toEqual([]);
 */
export async function cascadeViolations<DB>(
  db: Kysely<DB>,
  graph: RelationGraph,
  limit = 20,
): Promise<string[]> {
  const problems: string[] = [];
  for (const relation of graph.relations) {
    const { childTable, parentTable, childColumn, parentColumn } = relation;
    if (!relation.childSoftDelete || !DEPENDENT_ACTIONS.has(relation.onDelete)) continue;
    const childKey = sql.id('c', idColumnOf(graph, childTable));
    const { rows } = await sql<{ problem: string }>`
      select ${`live ${childTable} `} || ${childKey}::text || ${` under deleted ${parentTable} `} || ${sql.id('p', parentColumn)}::text as problem
      from ${sql.table(childTable)} c join ${sql.table(parentTable)} p on ${sql.id('p', parentColumn)} = ${sql.id('c', childColumn)}
      where ${isLive(relation.childSoftDelete, 'c')} and ${isDeleted(softDeleteColumnOf(graph, parentTable), 'p')}
      limit ${limit}
    `.execute(db);
    problems.push(...rows.map((r) => r.problem));
  }
  for (const parentTable of Object.keys(graph.tables)) {
    const key = sql.id('p', idColumnOf(graph, parentTable));
    const { rows } = await sql<{ problem: string }>`
      select 'deleted ' || d.table_name || ' ' || u.row_id || ${` cascaded from live ${parentTable} `} || u.parent_id as problem
      from ${sql.table(AUDIT_TABLE)} d
      cross join lateral unnest(d.row_ids, d.parent_ids) as u(row_id, parent_id)
      join ${sql.table(parentTable)} p on ${key}::text = u.parent_id
      where d.open and d.cause = 'cascade' and d.parent_table = ${parentTable}::text
        and ${auditRowOpen('d', sql`u.row_id`)} and ${isLive(softDeleteColumnOf(graph, parentTable), 'p')}
      limit ${limit}
    `.execute(db);
    problems.push(...rows.map((r) => r.problem));
  }
  return problems.slice(0, limit);
}
