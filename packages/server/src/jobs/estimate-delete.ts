import { type Kysely, sql } from 'kysely';
import { planCascade } from '../cascade/plan-cascade.js';
import { idColumnOf, keyTypeOf, type RelationGraph, softDeleteColumnOf } from '../cascade/relation-graph.js';
import type { RowId } from '../cascade/row-id.js';
import { idArray, isLive } from '../cascade/soft-delete-sql.js';

/**
 * How many rows a soft delete of `ids` would flag, counted in one read-only statement (the ids
 * stay in the database): the live requested rows, then level by level the live rows reached
 * through CASCADE keys. Each table is counted along the first path that reaches it; deeper levels
 * of a self-reference (replies to replies) are not counted, so it is an estimate from below.
 */
export async function estimateDelete<DB>(
  db: Kysely<DB>,
  graph: RelationGraph,
  table: string,
  ids: readonly RowId[],
): Promise<number> {
  const plan = planCascade(graph, table);
  const key = (name: string) => sql.id(idColumnOf(graph, name));
  const names = new Map<string, string>([[table, 'l0']]);
  const ctes = [
    sql`l0 as (
      select ${key(table)} as k from ${sql.table(table)}
      where ${key(table)} = any(${idArray(ids, keyTypeOf(graph, table))}) and ${isLive(softDeleteColumnOf(graph, table))}
    )`,
  ];
  for (const relation of plan.cascade) {
    const parent = names.get(relation.parentTable);
    if (!parent || names.has(relation.childTable)) continue;
    const name = `l${names.size}`;
    names.set(relation.childTable, name);
    ctes.push(sql`${sql.id(name)} as (
      select ${key(relation.childTable)} as k from ${sql.table(relation.childTable)}
      where ${sql.id(relation.childColumn)} in (select k from ${sql.id(parent)})
        and ${isLive(softDeleteColumnOf(graph, relation.childTable))}
    )`);
  }
  const counts = [...names.values()].map((name) => sql`(select count(*) from ${sql.id(name)})`);
  const { rows } = await sql<{ total: string | number }>`
    with ${sql.join(ctes, sql`, `)} select (${sql.join(counts, sql` + `)})::bigint as total
  `.execute(db);
  return Number(rows[0]?.total ?? 0);
}
