import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';
import { RelationGraphError } from './cascade-error.js';

/** A foreign key's `ON DELETE` action, as PostgreSQL spells it. */
export type OnDeleteAction = 'cascade' | 'restrict' | 'no action' | 'set null' | 'set default';

/** A foreign key as the catalog declares it. */
export interface ForeignKey {
  /** The constraint's name, e.g. `article_author_id_fkey`. */
  name: string;
  childTable: string;
  /** The referencing column (the first one of a multi-column key). */
  childColumn: string;
  parentTable: string;
  /** The referenced column (the first one of a multi-column key). */
  parentColumn: string;
  onDelete: OnDeleteAction;
  /** Every referencing column, present only for a multi-column key. */
  childColumns?: readonly string[];
  /** Every referenced column, present only for a multi-column key. */
  parentColumns?: readonly string[];
}

/** A foreign key into a soft-deletable table, with the policy a soft delete applies to it. */
export interface Relation extends ForeignKey {
  /** What the catalog declares; `onDelete` differs from it only when overridden in code. */
  declaredOnDelete: OnDeleteAction;
  /** The child's soft-delete column, or `null` when the child table is not soft-deletable. */
  childSoftDelete: SoftDeleteColumn | null;
}

/**
 * Policy overrides keyed by `"<child table>.<child column>"` (or by constraint name), e.g.
 * `{ 'comment.author_id': 'cascade' }` to soft-delete an author's comments too.
 */
export type RelationOverrides = Readonly<Record<string, OnDeleteAction>>;

/** The soft-deletable tables and the foreign keys that point into them. Pure data. */
export interface RelationGraph {
  readonly tables: Readonly<Record<string, SoftDeleteColumn>>;
  /** The integer key column of every soft-deletable table (its primary key; default `id`). */
  readonly idColumns: Readonly<Record<string, string>>;
  readonly relations: readonly Relation[];
  /** Relations whose parent is the key: who references this table. */
  readonly children: ReadonlyMap<string, readonly Relation[]>;
  /** Relations whose child is the key: what this table references. */
  readonly parents: ReadonlyMap<string, readonly Relation[]>;
}

/** A map of soft-deletable tables; entries left `undefined` (optional keys) are skipped. */
export type SoftDeleteTableMap = Readonly<Record<string, SoftDeleteColumn | undefined>>;

/** Options of {@link buildRelationGraph} and `loadRelationGraph`. */
export interface RelationGraphOptions {
  /** Change the policy a soft delete applies to a foreign key, without touching the schema. */
  overrides?: RelationOverrides;
}

/** Actions under which a live child keeps its parent from being deleted. */
export const BLOCKING_ACTIONS: ReadonlySet<OnDeleteAction> = new Set(['restrict', 'no action']);

/** Actions under which a child cannot outlive its parent (so cannot be live under a deleted one). */
export const DEPENDENT_ACTIONS: ReadonlySet<OnDeleteAction> = new Set(['cascade', 'restrict', 'no action']);

/**
 * Builds a {@link RelationGraph} from foreign keys: keeps those that reference the key column of a
 * soft-deletable table, applies `overrides` and indexes the relations both ways. Pure: no
 * database needed. `idColumns` default to `id`.
 *
 * @throws {RelationGraphError} when an override names no foreign key (a typo would otherwise be
 * silently ignored), or when a key between two soft-deletable tables has a policy a soft
 * delete would have to follow (CASCADE, RESTRICT, NO ACTION) but cannot: a multi-column key, or
 * one that references another column than the table's key. Left unchecked, deleting a parent
 * would keep its dependent rows live. Reference the key column instead, or override the key's
 * policy with `'set null'` to let soft deletes leave its rows alone.
 *
 * @example
 * const graph = buildRelationGraph(
 *   { author: { column: 'is_deleted', kind: 'boolean' }, article: { column: 'is_deleted', kind: 'boolean' } },
 *   [{ name: 'article_author_id_fkey', childTable: 'article', childColumn: 'author_id',
 *      parentTable: 'author', parentColumn: 'id', onDelete: 'cascade' }],
 * );
 * graph.children.get('author'); // [{ childTable: 'article', onDelete: 'cascade', … }]
 */
export function buildRelationGraph(
  tables: SoftDeleteTableMap,
  foreignKeys: readonly ForeignKey[],
  options: RelationGraphOptions & { idColumns?: Readonly<Record<string, string>> } = {},
): RelationGraph {
  const overrides = options.overrides ?? {};
  const softTables: Record<string, SoftDeleteColumn> = {};
  const idColumns: Record<string, string> = {};
  for (const [table, column] of Object.entries(tables)) {
    if (!column) continue;
    softTables[table] = column;
    idColumns[table] = options.idColumns?.[table] ?? 'id';
  }

  const unused = new Set(Object.keys(overrides));
  const relations: Relation[] = [];
  const unfollowable: string[] = [];
  for (const fk of foreignKeys) {
    if (!softTables[fk.parentTable]) continue;
    const key = `${fk.childTable}.${fk.childColumn}`;
    const override =
      fk.childColumns === undefined ? (overrides[key] ?? overrides[fk.name]) : overrides[fk.name];
    if (fk.childColumns === undefined) unused.delete(key);
    unused.delete(fk.name);
    if (fk.childColumns !== undefined || idColumns[fk.parentTable] !== fk.parentColumn) {
      // Soft deletes ignore keys from tables that are not soft-deletable whatever their action
      // (the database applies them on a hard delete), so only soft-deletable children matter.
      if (softTables[fk.childTable] && DEPENDENT_ACTIONS.has(override ?? fk.onDelete))
        unfollowable.push(unfollowableMessage(fk, idColumns));
      continue;
    }
    relations.push({
      ...fk,
      onDelete: override ?? fk.onDelete,
      declaredOnDelete: fk.onDelete,
      childSoftDelete: softTables[fk.childTable] ?? null,
    });
  }
  if (unused.size > 0) {
    throw new RelationGraphError(
      `No foreign key into a soft-deletable table matches the override(s) ${[...unused]
        .map((k) => `"${k}"`)
        .join(', ')}. Use "<child table>.<child column>" or the constraint name.`,
    );
  }
  if (unfollowable.length > 0) throw new RelationGraphError(unfollowable.join('\n'));
  return {
    tables: softTables,
    idColumns,
    relations,
    children: groupBy(relations, 'parentTable'),
    parents: groupBy(relations, 'childTable'),
  };
}

function unfollowableMessage(fk: ForeignKey, idColumns: Readonly<Record<string, string>>): string {
  const child = (fk.childColumns ?? [fk.childColumn]).join(', ');
  const parent = (fk.parentColumns ?? [fk.parentColumn]).join(', ');
  const reason =
    fk.childColumns === undefined
      ? `it references "${fk.parentColumn}", not the key column "${idColumns[fk.parentTable]}"`
      : 'it has several columns';
  return (
    `Foreign key "${fk.name}" (${fk.childTable}(${child}) → ${fk.parentTable}(${parent}), ON DELETE ${fk.onDelete.toUpperCase()}) ` +
    `cannot be followed by soft deletes: ${reason}. Make it reference "${fk.parentTable}"."${idColumns[fk.parentTable]}", ` +
    `or leave its rows alone on a soft delete with the override { "${fk.name}": "set null" }.`
  );
}

function groupBy(relations: readonly Relation[], key: 'parentTable' | 'childTable'): Map<string, Relation[]> {
  const map = new Map<string, Relation[]>();
  for (const relation of relations) {
    const list = map.get(relation[key]);
    if (list) list.push(relation);
    else map.set(relation[key], [relation]);
  }
  return map;
}

/** The key column of `table` in `graph` (`id` unless the catalog says otherwise). */
export function idColumnOf(graph: RelationGraph, table: string): string {
  return graph.idColumns[table] ?? 'id';
}

/** The soft-delete column of `table`, or a {@link RelationGraphError} saying it has none. */
export function softDeleteColumnOf(graph: RelationGraph, table: string): SoftDeleteColumn {
  const column = graph.tables[table];
  if (!column) {
    throw new RelationGraphError(
      `Table "${table}" is not soft-deletable: add it to the soft-delete tables passed to loadRelationGraph().`,
    );
  }
  return column;
}
