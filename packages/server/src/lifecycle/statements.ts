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

/**
 * The statements of a `restore({ id, withAncestors: true })`, from those of the ancestors'
 * restores (each ancestor `direct`, what its delete had cascaded to `cascade`) and of the row's
 * own (empty when an ancestor's restore brought the row back already):
 *
 * - the requested row is `direct`, first, wherever it came back;
 * - every ancestor is `cascade` with the requested row as `parent`: it came back because of it
 *   (the `parent` of an ancestor is the row it was restored for, not a row it references);
 * - every other row keeps what its restore said (`cascade`, its own restore's root as `parent`).
 */
export function ancestorRestoreStatements(
  table: string,
  id: RowId,
  ancestors: readonly LifecycleStatement[],
  own: readonly LifecycleStatement[],
): LifecycleStatement[] {
  const requested = { table, ids: [id] };
  const isRequested = (statement: LifecycleStatement, rowId: RowId) =>
    statement.table === table && String(rowId) === String(id);
  let found = false;
  const rest: LifecycleStatement[] = [];
  for (const statement of [...ancestors, ...own]) {
    const ids = statement.ids.filter((rowId) => !isRequested(statement, rowId));
    if (ids.length < statement.ids.length) found = true;
    if (ids.length === 0) continue;
    const fromAncestor = ancestors.includes(statement) && statement.cause === 'direct';
    rest.push(
      fromAncestor
        ? { table: statement.table, ids, cause: 'cascade', parent: requested }
        : { ...statement, ids },
    );
  }
  return found ? [{ table, ids: [id], cause: 'direct' }, ...rest] : rest;
}
