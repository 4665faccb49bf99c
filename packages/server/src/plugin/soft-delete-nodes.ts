import {
  AliasNode,
  type DeleteQueryNode,
  FromNode,
  IdentifierNode,
  MatchedNode,
  type OperationNode,
  SelectionNode,
  type SelectQueryNode,
  type TableNode,
  type UpdateQueryNode,
  WhereNode,
} from 'kysely';
import { andAll, softDeleteAssignment } from './predicate.js';
import type { SoftDeleteRule } from './soft-delete-transformer.js';

// Kysely nodes are plain frozen objects discriminated by `kind`; the walk reads them as records.
// biome-ignore lint/suspicious/noExplicitAny: node fields are read by name across node kinds.
export type Node = OperationNode & Record<string, any>;

/* Node helpers of the soft-delete transformer: copies that keep Kysely's node shapes, and the
 * nodes it adds (predicates in WHERE, derived tables, the UPDATE a rewritten DELETE becomes). */

export function copyOf<TItem>(list: ReadonlyArray<TItem>): TItem[] {
  const copy: TItem[] = [];
  for (let i = 0; i < list.length; i++) copy.push(list[i] as TItem);
  return copy;
}

export function append<TItem>(list: TItem[] | undefined, item: TItem): TItem[] {
  if (list === undefined) return [item];
  list.push(item);
  return list;
}

/** The name a query reaches a table item by: its alias, or the table's own name. */
export function aliasOf(expression: Node): string {
  if (expression.kind === 'AliasNode') {
    const alias = expression.alias;
    if (IdentifierNode.is(alias)) return alias.name;
    return (expression.node as TableNode).table.identifier.name;
  }
  return (expression as unknown as TableNode).table.identifier.name;
}

export function withPredicates(where: Node | undefined, predicates: ReadonlyArray<OperationNode>): Node {
  return { kind: 'WhereNode', where: andAll(where?.where, predicates) };
}

// Copies list every field Kysely 0.28 defines for the node (see OperationNodeTransformer), read
// by name: each site sees nodes of one kind only, so its loads stay cheap, and all copies of a
// kind share one shape. Spreading a frozen node costs ~120 ns in V8; copying by `for…in` makes
// the stores megamorphic. The output is left unfrozen: Kysely never mutates nodes, and freezing
// costs as much again.
/**
 * SELECT nodes come in many shapes (one per combination of clauses), so reading their 18 fields
 * by name would be a megamorphic load apiece; `for…in` reads only the present ones, from V8's
 * enum cache, and the switch turns each into a store of known name on the copy's single shape.
 */
export function copySelect(n: Node): Node {
  const out: Node = {
    kind: n.kind,
    from: undefined,
    selections: undefined,
    distinctOn: undefined,
    joins: undefined,
    groupBy: undefined,
    orderBy: undefined,
    where: undefined,
    frontModifiers: undefined,
    endModifiers: undefined,
    limit: undefined,
    offset: undefined,
    with: undefined,
    having: undefined,
    explain: undefined,
    setOperations: undefined,
    fetch: undefined,
    top: undefined,
  };
  for (const key in n) {
    const value = n[key];
    switch (key) {
      case 'from':
        out.from = value;
        break;
      case 'selections':
        out.selections = value;
        break;
      case 'distinctOn':
        out.distinctOn = value;
        break;
      case 'joins':
        out.joins = value;
        break;
      case 'groupBy':
        out.groupBy = value;
        break;
      case 'orderBy':
        out.orderBy = value;
        break;
      case 'where':
        out.where = value;
        break;
      case 'frontModifiers':
        out.frontModifiers = value;
        break;
      case 'endModifiers':
        out.endModifiers = value;
        break;
      case 'limit':
        out.limit = value;
        break;
      case 'offset':
        out.offset = value;
        break;
      case 'with':
        out.with = value;
        break;
      case 'having':
        out.having = value;
        break;
      case 'explain':
        out.explain = value;
        break;
      case 'setOperations':
        out.setOperations = value;
        break;
      case 'fetch':
        out.fetch = value;
        break;
      case 'top':
        out.top = value;
        break;
    }
  }
  return out;
}

export function copyUpdate(n: Node): Node {
  return {
    kind: n.kind,
    table: n.table,
    from: n.from,
    joins: n.joins,
    where: n.where,
    updates: n.updates,
    returning: n.returning,
    endModifiers: n.endModifiers,
    with: n.with,
    explain: n.explain,
    limit: n.limit,
    top: n.top,
    output: n.output,
    orderBy: n.orderBy,
  };
}

export function copyDelete(n: Node): Node {
  return {
    kind: n.kind,
    from: n.from,
    using: n.using,
    joins: n.joins,
    where: n.where,
    returning: n.returning,
    endModifiers: n.endModifiers,
    with: n.with,
    orderBy: n.orderBy,
    limit: n.limit,
    explain: n.explain,
    top: n.top,
    output: n.output,
  };
}

export function copyInsert(n: Node): Node {
  return {
    kind: n.kind,
    into: n.into,
    columns: n.columns,
    values: n.values,
    returning: n.returning,
    onConflict: n.onConflict,
    onDuplicateKey: n.onDuplicateKey,
    endModifiers: n.endModifiers,
    with: n.with,
    ignore: n.ignore,
    orAction: n.orAction,
    replace: n.replace,
    explain: n.explain,
    defaultValues: n.defaultValues,
    top: n.top,
    output: n.output,
  };
}

/**
 * `(select * from <table> where <predicate>) as <alias>`: the exact form where ON cannot filter.
 * The alias is the table's own unless `alias` is given (see `schema-references.ts`).
 */
export function derivedTable(expression: Node, predicate: OperationNode, alias?: string): Node {
  const select = Object.freeze({
    kind: 'SelectQueryNode',
    from: FromNode.create([expression]),
    selections: Object.freeze([SelectionNode.createSelectAll()]),
    where: WhereNode.create(predicate),
  }) as SelectQueryNode;
  return AliasNode.create(select, IdentifierNode.create(alias ?? aliasOf(expression))) as Node;
}

export function isNotMatchedBySource(condition: OperationNode): boolean {
  const matched = condition.kind === 'AndNode' ? (condition as Node).left : condition;
  return MatchedNode.is(matched) && matched.not && matched.bySource;
}

/** `delete from t …` → `update t set <flag> …`, keeping WITH, USING (as FROM), joins, WHERE, RETURNING. */
export function softDeleteUpdate(node: DeleteQueryNode, rule: SoftDeleteRule): Node {
  const { kind: _kind, from, using, ...rest } = node;
  return {
    ...rest,
    kind: 'UpdateQueryNode',
    table: from.froms[0],
    updates: Object.freeze([softDeleteAssignment(rule.column, rule.kind)]),
    ...(using === undefined ? {} : { from: FromNode.create(using.tables) }),
  } as unknown as UpdateQueryNode & Node;
}

/**
 * Kysely requires a plugin to return a root node of the kind it was given, and checks it by
 * reading `kind` once, right after `transformQuery` returns; the compiler reads it next. So a
 * DELETE rewritten into an UPDATE answers `DeleteQueryNode` to that first read and
 * `UpdateQueryNode` from then on, and compiles as the UPDATE it is. The delete builder reads
 * only `returning` from the node, so `execute()` returns the RETURNING rows or a `DeleteResult`
 * counting the soft-deleted rows.
 */
export function disguiseAsDelete(update: Node): Node {
  let reads = 0;
  const node: Node = { ...update };
  Object.defineProperty(node, 'kind', {
    enumerable: true,
    get: () => (reads++ === 0 ? 'DeleteQueryNode' : 'UpdateQueryNode'),
  });
  return node;
}
