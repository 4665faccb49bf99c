import type { Relation } from '../cascade/relation-graph.js';
import type { RowId } from '../cascade/row-id.js';
import type { LifecycleStatement } from './lifecycle-statement.js';

/** The requested rows' statement (none when it flagged nothing). */
export function rootStatement(table: string, ids: readonly RowId[]): LifecycleStatement[] {
  return ids.length > 0 ? [{ table, ids: [...ids], cause: 'direct' }] : [];
}

/** A cascaded statement: the child rows and the distinct parents they followed. */
export function cascadeStatement(
  relation: Relation,
  ids: readonly RowId[],
  parentIds: readonly RowId[],
): LifecycleStatement {
  return {
    table: relation.childTable,
    ids: [...ids],
    cause: 'cascade',
    parent: { table: relation.parentTable, ids: [...new Set(parentIds)] },
  };
}

/**
 * A restore's rows per table: the requested table's rows that were requested are `direct`, every
 * other row came back with them (`cascade`, parent: the requested rows).
 */
export function restoreStatements(
  table: string,
  requested: readonly RowId[],
  idsByTable: ReadonlyMap<string, readonly RowId[]>,
): LifecycleStatement[] {
  const roots = new Set(requested);
  const direct = (idsByTable.get(table) ?? []).filter((id) => roots.has(id));
  const statements = rootStatement(table, direct);
  const parent = { table, ids: direct };
  for (const [name, ids] of idsByTable) {
    const rest = name === table ? ids.filter((id) => !roots.has(id)) : [...ids];
    if (rest.length > 0) statements.push({ table: name, ids: rest, cause: 'cascade', parent });
  }
  return statements;
}
