import {
  type AndNode,
  BinaryOperationNode,
  ColumnNode,
  ColumnUpdateNode,
  type OperationNode,
  OperatorNode,
  OrNode,
  ParensNode,
  RawNode,
  ReferenceNode,
  TableNode,
  ValueNode,
} from 'kysely';
import type { SoftDeleteKind, SoftDeleteScope } from './soft-delete-column.js';

/** The filtering scopes: `'include'` adds no predicate, so it has none. */
export type FilteringScope = Exclude<SoftDeleteScope, 'include'>;

const FALSE = ValueNode.createImmediate(false);
const TRUE = ValueNode.createImmediate(true);
const NULL = ValueNode.createImmediate(null);
const EQUALS = OperatorNode.create('=');
const IS = OperatorNode.create('is');
const IS_NOT = OperatorNode.create('is not');

/**
 * The predicate that keeps the rows of `scope` for the table reached as `alias`, with its
 * values inlined (no bind parameters), so compiled SQL stays cacheable by the database:
 *
 * | kind        | exclude                        | only                               |
 * |-------------|--------------------------------|------------------------------------|
 * | `boolean`   | `"alias"."is_deleted" = false` | `"alias"."is_deleted" = true`      |
 * | `timestamp` | `"alias"."deleted_at" is null` | `"alias"."deleted_at" is not null` |
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
  const reference = ReferenceNode.create(ColumnNode.create(column), TableNode.create(alias));
  if (kind === 'boolean') {
    return BinaryOperationNode.create(reference, EQUALS, scope === 'exclude' ? FALSE : TRUE);
  }
  return BinaryOperationNode.create(reference, scope === 'exclude' ? IS : IS_NOT, NULL);
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
  const left = OrNode.is(filter) ? ParensNode.create(filter) : filter;
  return { kind: 'AndNode', left, right: predicate } as AndNode;
}

/**
 * `filter and p1 and p2 …`, parenthesising a bare `or` so that the added predicates bind to the
 * whole of it. `filter` may be absent.
 */
export function andAll(
  filter: OperationNode | undefined,
  predicates: ReadonlyArray<OperationNode>,
): OperationNode {
  let node: OperationNode | undefined =
    filter === undefined ? undefined : OrNode.is(filter) ? ParensNode.create(filter) : filter;
  for (const predicate of predicates) {
    // A literal, not AndNode.create: freezing costs more than the rest of the plugin's work.
    node = node === undefined ? predicate : ({ kind: 'AndNode', left: node, right: predicate } as AndNode);
  }
  if (node === undefined) throw new Error('andAll needs a filter or at least one predicate');
  return node;
}
