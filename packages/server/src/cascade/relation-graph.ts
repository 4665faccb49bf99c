import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';
import { RelationGraphError } from './cascade-error.js';
import { DEFAULT_KEY_TYPE } from './row-id.js';

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
  /**
   * When `childTable` is a partition: the root of its partitioned table. A soft-deletable root
   * stands for its partitions (the key is followed on the root, which reaches every partition).
   */
  childRoot?: string;
  /** When `parentTable` is a partition: the root of its partitioned table (see `childRoot`). */
  parentRoot?: string;
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
  /** The key column of every soft-deletable table (the configured `idColumn`; default `id`). */
  readonly idColumns: Readonly<Record<string, string>>;
  /**
   * The type of every soft-deletable table's key column as `format_type` spells it (`integer`,
   * `bigint`, `uuid`, `text`, …), read from the catalog; `integer` when unknown.
   */
  readonly keyTypes: Readonly<Record<string, string>>;
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
  /** The key column of each soft-deletable table (the configured `idColumn`); default `id`. */
  idColumns?: Readonly<Record<string, string>>;
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
  options: RelationGraphOptions & { keyTypes?: Readonly<Record<string, string>> } = {},
): RelationGraph {
  const overrides = options.overrides ?? {};
  const softTables: Record<string, SoftDeleteColumn> = {};
  const idColumns: Record<string, string> = {};
  const keyTypes: Record<string, string> = {};
  for (const [table, column] of Object.entries(tables)) {
    if (!column) continue;
    softTables[table] = column;
    idColumns[table] = options.idColumns?.[table] ?? 'id';
    keyTypes[table] = options.keyTypes?.[table] ?? DEFAULT_KEY_TYPE;
  }

  const unused = new Set(Object.keys(overrides));
  const relations: Relation[] = [];
  const byColumns = new Map<string, Relation>();
  const unfollowable: string[] = [];
  for (const declared of foreignKeys) {
    const fk = onSoftDeletableRoots(declared, softTables);
    if (!softTables[fk.parentTable]) continue;
    // An override may name the key, "<child>.<column>", or (for a key declared on a partition)
    // "<partition>.<column>": each names this key, so each is used, and a partition's own wins.
    const names =
      fk.childColumns === undefined
        ? [fk.name, `${declared.childTable}.${fk.childColumn}`, `${fk.childTable}.${fk.childColumn}`]
        : [fk.name];
    for (const name of names) unused.delete(name);
    const override = names.map((name) => overrides[name]).find((o) => o !== undefined);
    if (fk.childColumns !== undefined || idColumns[fk.parentTable] !== fk.parentColumn) {
      // Soft deletes ignore keys from tables that are not soft-deletable whatever their action
      // (the database applies them on a hard delete), so only soft-deletable children matter.
      if (softTables[fk.childTable] && DEPENDENT_ACTIONS.has(override ?? fk.onDelete))
        unfollowable.push(unfollowableMessage(fk, idColumns));
      continue;
    }
    const relation: Relation = {
      ...fk,
      onDelete: override ?? fk.onDelete,
      declaredOnDelete: fk.onDelete,
      childSoftDelete: softTables[fk.childTable] ?? null,
    };
    // Keys declared on several partitions of one partitioned table are one relation of the root.
    const same = `${fk.childTable}.${fk.childColumn}→${fk.parentTable}`;
    const seen = byColumns.get(same);
    if (!seen) {
      byColumns.set(same, relation);
      relations.push(relation);
    } else if (seen.onDelete !== relation.onDelete) {
      unfollowable.push(disagreeingPartitionsMessage(seen, relation, declared));
    }
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
    keyTypes,
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

/** The key with partitions of soft-deletable partitioned tables replaced by their roots. */
function onSoftDeletableRoots(
  fk: ForeignKey,
  softTables: Readonly<Record<string, SoftDeleteColumn>>,
): ForeignKey {
  const child = fk.childRoot !== undefined && softTables[fk.childRoot] ? fk.childRoot : fk.childTable;
  const parent = fk.parentRoot !== undefined && softTables[fk.parentRoot] ? fk.parentRoot : fk.parentTable;
  return child === fk.childTable && parent === fk.parentTable
    ? fk
    : { ...fk, childTable: child, parentTable: parent };
}

function disagreeingPartitionsMessage(first: Relation, second: Relation, declared: ForeignKey): string {
  const column = `${second.childTable}.${second.childColumn}`;
  return (
    `Foreign keys "${first.name}" and "${second.name}" (declared on partition "${declared.childTable}") both make ` +
    `${column} reference "${second.parentTable}", with different actions (${first.onDelete.toUpperCase()} and ` +
    `${second.onDelete.toUpperCase()}). A soft delete follows them on the partitioned table "${second.childTable}" ` +
    `as a whole: declare the same ON DELETE on every partition, or set one policy with the override { "${column}": "…" }.`
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

/** The key column of `table` in `graph` (`id` unless configured otherwise). */
export function idColumnOf(graph: RelationGraph, table: string): string {
  return graph.idColumns[table] ?? 'id';
}

/** The type of the key column of `table` in `graph` (`integer` when unknown). */
export function keyTypeOf(graph: RelationGraph, table: string): string {
  return graph.keyTypes[table] ?? DEFAULT_KEY_TYPE;
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
