import {
  type AndNode,
  ColumnNode,
  ColumnUpdateNode,
  IdentifierNode,
  type OperationNode,
  RawNode,
  ValueNode,
} from 'kysely';
import { grouped } from './precedence.js';
import type { SoftDeleteKind, SoftDeleteScope } from './soft-delete-column.js';

/** The filtering scopes: `'include'` adds no predicate, so it has none. */
export type FilteringScope = Exclude<SoftDeleteScope, 'include'>;

const TRUE = ValueNode.createImmediate(true);

/** The SQL after `"alias"."column"`, per kind and scope. */
const TESTS: Readonly<Record<SoftDeleteKind, Readonly<Record<FilteringScope, string>>>> = {
  boolean: { exclude: ' = false', only: ' = true' },
  timestamp: { exclude: ' is null', only: ' is not null' },
};

/**
 * The predicate that keeps the rows of `scope` for the table reached as `alias`, with its
 * values inlined (no bind parameters), so compiled SQL stays cacheable by the database:
 *
 * | kind        | exclude                        | only                               |
 * |-------------|--------------------------------|------------------------------------|
 * | `boolean`   | `"alias"."is_deleted" = false` | `"alias"."is_deleted" = true`      |
 * | `timestamp` | `"alias"."deleted_at" is null` | `"alias"."deleted_at" is not null` |
 *
 * The node is a raw node around two identifier nodes: the alias and the column stay nodes (the
 * dialect quotes them; `CamelCasePlugin` and other identifier transforms still reach them), while
 * the fixed operator and value cost Kysely's compiler one append instead of five node visits. The
 * predicate is compiled once per query, so this keeps the plugin's cost within its benchmark target.
 *
 * @example
 * const node = softDeletePredicate('a', 'is_deleted', 'boolean', 'exclude');
 * // compiles to "a"."is_deleted" = false
 */
export function softDeletePredicate(
  alias: string,
  column: string,
  kind: SoftDeleteKind,
  scope: FilteringScope,
): OperationNode {
  return predicateOf(IdentifierNode.create(alias), IdentifierNode.create(column), kind, scope);
}

/** {@link softDeletePredicate} around given identifier nodes (the transformer's are marked). */
export function predicateOf(
  alias: IdentifierNode,
  column: IdentifierNode,
  kind: SoftDeleteKind,
  scope: FilteringScope,
): OperationNode {
  return RawNode.create(['', '.', TESTS[kind][scope]], [alias, column]);
}

/**
 * The assignment that soft-deletes a row: `"is_deleted" = true` or `"deleted_at" = now()`.
 *
 * @example
 * const update = softDeleteAssignment('deleted_at', 'timestamp'); // "deleted_at" = now()
 */
export function softDeleteAssignment(column: string, kind: SoftDeleteKind): ColumnUpdateNode {
  return ColumnUpdateNode.create(
    ColumnNode.create(column),
    kind === 'boolean' ? TRUE : RawNode.createWithSql('now()'),
  );
}

/** `filter and predicate`: {@link andAll} for one predicate, without allocating a list. */
export function and(filter: OperationNode | undefined, predicate: OperationNode): OperationNode {
  if (filter === undefined) return predicate;
  return { kind: 'AndNode', left: grouped(filter), right: predicate } as AndNode;
}

/**
 * `(filter) and p1 and p2 …`: `filter` is bracketed unless it provably binds tighter than AND
 * (see {@link grouped}), so no OR or raw SQL inside it can capture the added predicates.
 * `filter` may be absent.
 */
export function andAll(
  filter: OperationNode | undefined,
  predicates: ReadonlyArray<OperationNode>,
): OperationNode {
  let node: OperationNode | undefined = filter === undefined ? undefined : grouped(filter);
  for (const predicate of predicates) {
    // A literal, not AndNode.create: freezing costs more than the rest of the plugin's work.
    node = node === undefined ? predicate : ({ kind: 'AndNode', left: node, right: predicate } as AndNode);
  }
  if (node === undefined) throw new Error('andAll needs a filter or at least one predicate');
  return node;
}
