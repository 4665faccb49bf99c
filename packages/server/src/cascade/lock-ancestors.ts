import { type Kysely, sql } from 'kysely';
import { DEPENDENT_ACTIONS, idColumnOf, keyTypeOf, type RelationGraph } from './relation-graph.js';
import type { RowId } from './row-id.js';
import { idArray, keyOut } from './soft-delete-sql.js';

/** At most this many levels of ancestors are locked (a self-referencing table could go on). */
const MAX_DEPTH = 8;

/**
 * Share-locks the soft-deletable ancestors of rows of `table` (through CASCADE / RESTRICT /
 * NO ACTION keys), the top-most level first and each table in key order — the global lock order
 * of Tombstone's writes (parents before children, then by key). Call it before locking the rows
 * themselves in operations that read their parents (a restore checks them): a concurrent delete
 * of a parent, which locks parent then children, then queues instead of deadlocking.
 *
 * @example
 * await lockAncestors(trx, graph, 'comment', [41, 42]); // their articles' authors, then the articles
 */
export async function lockAncestors<DB>(
  trx: Kysely<DB>,
  graph: RelationGraph,
  table: string,
  ids: readonly RowId[],
): Promise<void> {
  const levels: Map<string, RowId[]>[] = [];
  let frontier = new Map<string, readonly RowId[]>([[table, ids]]);
  for (let depth = 0; depth < MAX_DEPTH && frontier.size > 0; depth++) {
    const level = new Map<string, RowId[]>();
    for (const [child, childIds] of frontier) {
      for (const relation of graph.parents.get(child) ?? []) {
        if (!DEPENDENT_ACTIONS.has(relation.onDelete) || !(relation.parentTable in graph.tables)) continue;
        if (childIds.length === 0) continue;
        const parentType = keyTypeOf(graph, relation.parentTable);
        const { rows } = await sql<{ id: RowId }>`
          select distinct ${keyOut(parentType, sql.id(relation.childColumn))} as id
          from ${sql.table(child)}
          where ${sql.id(idColumnOf(graph, child))} = any(${idArray(childIds, keyTypeOf(graph, child))})
            and ${sql.id(relation.childColumn)} is not null
        `.execute(trx);
        if (rows.length === 0) continue;
        level.set(relation.parentTable, [
          ...(level.get(relation.parentTable) ?? []),
          ...rows.map((r) => r.id),
        ]);
      }
    }
    if (level.size === 0) break;
    levels.push(level);
    frontier = level;
  }
  for (const level of levels.reverse()) {
    for (const [parent, parentIds] of level) {
      const key = sql.id(idColumnOf(graph, parent));
      await sql`
        select 1 from ${sql.table(parent)}
        where ${key} = any(${idArray(parentIds, keyTypeOf(graph, parent))})
        order by ${key} for share
      `.execute(trx);
    }
  }
}
