import { type Kysely, sql } from 'kysely';
import type { LifecycleStatement } from '../lifecycle/lifecycle-statement.js';
import type { RestoreConflict } from './cascade-outcome.js';
import { planRestoreChecks } from './plan-restore.js';
import { idColumnOf, keyTypeOf, type RelationGraph, softDeleteColumnOf } from './relation-graph.js';
import { restoreRows } from './restore-rows.js';
import { canonicalId, type RowId } from './row-id.js';
import { idArray, isDeleted, keyOut } from './soft-delete-sql.js';

/** A row of the ancestry walk. */
interface Node {
  table: string;
  id: RowId;
}

/**
 * Restores the deleted ancestors a row of `table` needs to come back: every parent it references
 * through a CASCADE / RESTRICT / NO ACTION key that is deleted, their deleted parents, and so on,
 * the topmost first. Each ancestor is restored as `restoreRows` restores it: with exactly what its
 * own delete took (so the requested row comes back too when its parent's delete had cascaded to
 * it), nothing deleted separately. Run it in the caller's transaction, then restore the row.
 * Returns the ancestors restored, or the first conflict (a unique value taken meanwhile); with
 * `options.statements`, also every restore statement's rows (as `restoreRows` reports them: each
 * ancestor `direct`, what its delete had cascaded to `cascade`), for hooks and the outbox.
 *
 * @example
 * await restoreAncestors(trx, graph, 'comment', 12, actorId); // brings back article 3 (and author 1)
 */
export async function restoreAncestors(
  // biome-ignore lint/suspicious/noExplicitAny: any schema.
  trx: Kysely<any>,
  graph: RelationGraph,
  table: string,
  id: RowId,
  actorId: RowId | null,
  options: { statements?: boolean } = {},
): Promise<{
  restored: { table: string; id: RowId }[];
  conflict: RestoreConflict | null;
  statements?: LifecycleStatement[];
}> {
  const ancestors = await deletedAncestors(trx, graph, table, id);
  const restored: { table: string; id: RowId }[] = [];
  const statements: LifecycleStatement[] = [];
  const withStatements = options.statements === true;
  const done = (conflict: RestoreConflict | null) => ({
    restored,
    conflict,
    ...(withStatements ? { statements } : {}),
  });
  for (const ancestor of ancestors) {
    const outcome = await restoreRows(trx, graph, {
      table: ancestor.table,
      ids: [ancestor.id],
      actorId,
      statements: withStatements,
    });
    const conflict = outcome.conflicts[0];
    if (conflict) return done(conflict);
    if (outcome.restored.length > 0) restored.push({ table: ancestor.table, id: ancestor.id });
    statements.push(...(outcome.statements ?? []));
  }
  return done(null);
}

/**
 * The deleted ancestors of a row, each once, every parent before its children (a depth-first
 * post-order over the "references a deleted parent" edges, so a row reached by two paths of
 * different lengths still comes after all of its own deleted parents).
 */
async function deletedAncestors(
  // biome-ignore lint/suspicious/noExplicitAny: any schema.
  trx: Kysely<any>,
  graph: RelationGraph,
  table: string,
  id: RowId,
): Promise<Node[]> {
  const key = (n: Node) => `${n.table}\u0000${String(n.id)}`;
  const order: Node[] = [];
  const visited = new Set<string>();
  const visit = async (node: Node): Promise<void> => {
    visited.add(key(node));
    for (const parent of await deletedParents(trx, graph, node)) {
      if (!visited.has(key(parent))) await visit(parent);
    }
    order.push(node);
  };
  await visit({ table, id: canonicalId(id, keyTypeOf(graph, table)) });
  // The last one is the requested row itself: the caller restores it.
  return order.slice(0, -1);
}

/** The deleted parents one row references through CASCADE / RESTRICT / NO ACTION keys, locked `FOR SHARE`. */
async function deletedParents(
  // biome-ignore lint/suspicious/noExplicitAny: any schema.
  trx: Kysely<any>,
  graph: RelationGraph,
  row: Node,
): Promise<Node[]> {
  const parents: Node[] = [];
  for (const relation of planRestoreChecks(graph, [row.table])) {
    const parent = relation.parentTable;
    const parentKey = sql.id('p', idColumnOf(graph, parent));
    const childKey = sql.id('c', idColumnOf(graph, row.table));
    const { rows } = await sql<{ id: RowId }>`
      select ${keyOut(keyTypeOf(graph, parent), parentKey)} as id
      from ${sql.table(parent)} p
      join ${sql.table(row.table)} c on ${sql.id('c', relation.childColumn)} = ${parentKey}
      where ${childKey} = any(${idArray([row.id], keyTypeOf(graph, row.table))})
        and ${isDeleted(softDeleteColumnOf(graph, parent), 'p')}
      for share of p
    `.execute(trx);
    for (const r of rows) parents.push({ table: parent, id: r.id });
  }
  return parents;
}
