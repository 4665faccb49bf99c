import {
  AliasNode,
  type DeleteQueryNode,
  FromNode,
  IdentifierNode,
  type JoinNode,
  ListNode,
  MatchedNode,
  type MergeQueryNode,
  OnNode,
  type OperationNode,
  SelectionNode,
  type SelectQueryNode,
  type TableNode,
  type UpdateQueryNode,
  type WhenNode,
  WhereNode,
  type WithNode,
} from 'kysely';
import { andAll, type FilteringScope, softDeleteAssignment, softDeletePredicate } from './predicate.js';
import type { SoftDeleteKind, SoftDeleteScope } from './soft-delete-column.js';

/** One soft-deletable table as the transformer sees it: its column, kind, schema and scope. */
export interface SoftDeleteRule {
  table: string;
  column: string;
  kind: SoftDeleteKind;
  /** A schema-qualified reference is filtered only when it names this schema. */
  schema: string;
  scope: SoftDeleteScope;
}

/** A table reference the transformer recognised: its rule and the name the query reaches it by. */
interface TableReference {
  rule: CompiledRule;
  alias: string;
  /** The table expression as written (`TableNode` or `AliasNode` of one). */
  expression: OperationNode;
}

/** Where a predicate that could not go into WHERE yet came from, so it can be moved or wrapped. */
interface Pending {
  predicate: OperationNode;
  reference: TableReference;
  /** Index in the comma-separated items, or `-1 - j` for the j-th join. */
  at: number;
}

type Node = OperationNode & Record<string, unknown>;
type Names = ReadonlySet<string>;

const NO_NAMES: Names = new Set();
const NOTHING: Readonly<Record<string, true>> = { kind: true };
const SELECT_OWN: Readonly<Record<string, true>> = { kind: true, with: true, from: true, joins: true };
const UPDATE_OWN: Readonly<Record<string, true>> = {
  kind: true,
  with: true,
  table: true,
  from: true,
  joins: true,
};
const DELETE_OWN: Readonly<Record<string, true>> = {
  kind: true,
  with: true,
  from: true,
  using: true,
  joins: true,
};
const INSERT_OWN: Readonly<Record<string, true>> = { kind: true, with: true, into: true };
const MERGE_OWN: Readonly<Record<string, true>> = {
  kind: true,
  with: true,
  into: true,
  using: true,
  whens: true,
};

/**
 * Nodes that can never hold a query, so the walk does not look inside them. Everything else is
 * searched, so a subquery is found wherever Kysely lets one appear, even in node kinds added later.
 */
const LEAVES: Readonly<Record<string, true>> = {
  IdentifierNode: true,
  SchemableIdentifierNode: true,
  ValueNode: true,
  PrimitiveValueListNode: true,
  OperatorNode: true,
  ColumnNode: true,
  ReferenceNode: true,
  TableNode: true,
  SelectAllNode: true,
  DefaultInsertValueNode: true,
  MatchedNode: true,
  DataTypeNode: true,
  OrActionNode: true,
};

class CompiledRule {
  readonly predicates = new Map<string, OperationNode>();
  readonly filtering: FilteringScope | undefined;

  constructor(readonly rule: SoftDeleteRule) {
    this.filtering = rule.scope === 'include' ? undefined : rule.scope;
  }

  /** The predicate for the table reached as `alias`, or `undefined` in scope `'include'`. */
  predicate(alias: string): OperationNode | undefined {
    if (this.filtering === undefined) return undefined;
    let predicate = this.predicates.get(alias);
    if (predicate === undefined) {
      predicate = softDeletePredicate(alias, this.rule.column, this.rule.kind, this.filtering);
      this.predicates.set(alias, predicate);
    }
    return predicate;
  }
}

/**
 * Adds the soft-delete predicate to every table reference of a query tree. Nodes are immutable:
 * the walk copies only the nodes on the path to a change and returns the very same tree when
 * nothing changes, which keeps queries that touch no configured table almost free.
 *
 * Placement keeps SQL semantics equal to "the table holds only rows of the scope":
 * - FROM items and tables the join chain never null-extends: WHERE;
 * - INNER/LEFT (and lateral) joins: their own ON;
 * - tables left of a RIGHT join: that join's ON; a RIGHT-joined table: WHERE or the next RIGHT
 *   join's ON;
 * - either side of a FULL join, OUTER APPLY and MERGE sources: the table is wrapped in
 *   `(select * from t where <predicate>) as t`, the only exact form for those.
 */
export class SoftDeleteTransformer {
  readonly #rules: ReadonlyMap<string, CompiledRule>;
  readonly #rewriteDeletes: boolean;

  constructor(rules: ReadonlyArray<SoftDeleteRule>, options: { rewriteDeletes: boolean }) {
    this.#rules = new Map(rules.map((rule) => [rule.table, new CompiledRule(rule)]));
    this.#rewriteDeletes = options.rewriteDeletes;
  }

  /** Transforms a root query node. Nodes of kinds it does not know are searched for subqueries. */
  transform<TNode extends OperationNode>(node: TNode): TNode {
    const out = this.#visit(node as unknown as Node, NO_NAMES);
    if (node.kind === 'DeleteQueryNode' && out.kind === 'UpdateQueryNode') {
      return disguiseAsDelete(out) as unknown as TNode;
    }
    return out as unknown as TNode;
  }

  #visit(node: Node, ctes: Names): Node {
    switch (node.kind) {
      case 'SelectQueryNode':
        return this.#select(node as unknown as SelectQueryNode & Node, ctes);
      case 'UpdateQueryNode':
        return this.#update(node as unknown as UpdateQueryNode & Node, ctes);
      case 'DeleteQueryNode':
        return this.#delete(node as unknown as DeleteQueryNode & Node, ctes);
      case 'InsertQueryNode':
        return this.#insert(node, ctes);
      case 'MergeQueryNode':
        return this.#merge(node as unknown as MergeQueryNode & Node, ctes);
      default: {
        if (LEAVES[node.kind] === true) return node;
        const patch = this.#children(node, ctes, NOTHING);
        return patch === undefined ? node : Object.freeze({ ...node, ...patch });
      }
    }
  }

  /** Visits every child node except the keys in `own`; returns the changed children, if any. */
  #children(
    node: Node,
    ctes: Names,
    own: Readonly<Record<string, true>>,
  ): Record<string, unknown> | undefined {
    let patch: Record<string, unknown> | undefined;
    for (const key in node) {
      if (own[key] === true) continue;
      const value = node[key];
      if (typeof value !== 'object' || value === null) continue;
      let out: unknown;
      if (Array.isArray(value)) out = this.#list(value, ctes);
      else if (typeof (value as Node).kind === 'string') out = this.#visit(value as Node, ctes);
      else continue;
      if (out !== value) {
        patch ??= {};
        patch[key] = out;
      }
    }
    return patch;
  }

  #list(list: ReadonlyArray<unknown>, ctes: Names): ReadonlyArray<unknown> {
    let out: unknown[] | undefined;
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (typeof item !== 'object' || item === null) continue;
      const next = this.#visit(item as Node, ctes);
      if (next !== item) {
        out ??= list.slice();
        out[i] = next;
      }
    }
    return out === undefined ? list : Object.freeze(out);
  }

  /** The configured table behind a FROM/JOIN item, unless it is a CTE or another schema's table. */
  #reference(expression: OperationNode, ctes: Names): TableReference | undefined {
    let table: TableNode;
    let alias: string | undefined;
    if (expression.kind === 'TableNode') {
      table = expression as TableNode;
    } else if (expression.kind === 'AliasNode' && (expression as AliasNode).node.kind === 'TableNode') {
      table = (expression as AliasNode).node as TableNode;
      const name = (expression as AliasNode).alias;
      alias = IdentifierNode.is(name) ? name.name : undefined;
    } else {
      return undefined;
    }
    const name = table.table.identifier.name;
    const rule = this.#rules.get(name);
    if (rule === undefined) return undefined;
    const schema = table.table.schema?.name;
    if (schema === undefined ? ctes.has(name) : schema !== rule.rule.schema) return undefined;
    return { rule, alias: alias ?? name, expression };
  }

  /** Names a WITH clause brings into scope, and its bodies filtered under WITH's scoping rules. */
  #with(node: WithNode, ctes: Names): [WithNode, Names] {
    let all: Set<string> | undefined;
    for (const expression of node.expressions) {
      const name = expression.name.table.table.identifier.name;
      if (this.#rules.has(name)) {
        all ??= new Set(ctes);
        all.add(name);
      }
    }
    const inner: Names = all ?? ctes;
    // Without RECURSIVE a CTE body sees the CTEs before it, not itself; with it, it sees them all.
    let visible: Set<string> | undefined;
    let expressions: WithNode['expressions'][number][] | undefined;
    for (let i = 0; i < node.expressions.length; i++) {
      const expression = node.expressions[i] as WithNode['expressions'][number];
      const scope: Names = node.recursive || all === undefined ? inner : (visible ?? ctes);
      const body = this.#visit(expression.expression as Node, scope);
      if (body !== expression.expression) {
        expressions ??= node.expressions.slice();
        expressions[i] = Object.freeze({ ...expression, expression: body });
      }
      const name = expression.name.table.table.identifier.name;
      if (!node.recursive && all !== undefined && this.#rules.has(name)) {
        visible ??= new Set(ctes);
        visible.add(name);
      }
    }
    const out =
      expressions === undefined ? node : Object.freeze({ ...node, expressions: Object.freeze(expressions) });
    return [out, inner];
  }

  /**
   * Filters comma-separated items (FROM, USING) and the join chain after them. Predicates that
   * belong in WHERE are pushed onto `where`; returns the changed items and joins.
   */
  #sources(
    items: ReadonlyArray<OperationNode> | undefined,
    joins: ReadonlyArray<JoinNode> | undefined,
    ctes: Names,
    where: OperationNode[],
  ): { items: ReadonlyArray<OperationNode> | undefined; joins: ReadonlyArray<JoinNode> | undefined } {
    let itemsOut: OperationNode[] | undefined;
    let joinsOut: JoinNode[] | undefined;
    let pending: Pending[] | undefined;
    const last = items === undefined ? -1 : items.length - 1;

    for (let i = 0; i <= last; i++) {
      const item = (items as ReadonlyArray<OperationNode>)[i] as OperationNode;
      const reference = this.#reference(item, ctes);
      if (reference === undefined) {
        const next = this.#visit(item as Node, ctes);
        if (next !== item) {
          itemsOut ??= (items as ReadonlyArray<OperationNode>).slice();
          itemsOut[i] = next;
        }
        continue;
      }
      const predicate = reference.rule.predicate(reference.alias);
      if (predicate === undefined) continue;
      // `from a, b join c`: the joins belong to the last item only; the others are never null-extended.
      if (i < last || joins === undefined) where.push(predicate);
      else (pending ??= []).push({ predicate, reference, at: i });
    }

    if (joins !== undefined) {
      const wrap = (entry: Pending): void => {
        const derived = derivedTable(entry.reference, entry.predicate);
        if (entry.at >= 0) {
          itemsOut ??= (items as ReadonlyArray<OperationNode>).slice();
          itemsOut[entry.at] = derived;
        } else {
          joinsOut ??= joins.slice();
          const j = -1 - entry.at;
          joinsOut[j] = Object.freeze({ ...(joinsOut[j] as JoinNode), table: derived });
        }
      };
      for (let j = 0; j < joins.length; j++) {
        const join = joins[j] as JoinNode;
        const reference = this.#reference(join.table, ctes);
        const predicate = reference?.rule.predicate(reference.alias);
        const table = reference === undefined ? this.#visit(join.table as Node, ctes) : join.table;
        let on =
          join.on === undefined
            ? undefined
            : (this.#visit(join.on as unknown as Node, ctes) as unknown as OnNode);
        let own: Pending | undefined =
          predicate === undefined
            ? undefined
            : { predicate, reference: reference as TableReference, at: -1 - j };
        let wrapOwn = false;
        switch (join.joinType) {
          case 'InnerJoin':
          case 'LateralInnerJoin':
          case 'LeftJoin':
          case 'LateralLeftJoin':
            if (own !== undefined && on !== undefined) {
              on = OnNode.create(andAll(on.on, [own.predicate]));
              own = undefined;
            } else if (own !== undefined && join.joinType.endsWith('LeftJoin')) {
              wrapOwn = true;
            }
            break;
          case 'RightJoin':
            if (pending !== undefined && on !== undefined) {
              on = OnNode.create(
                andAll(
                  on.on,
                  pending.map((entry) => entry.predicate),
                ),
              );
              pending = undefined;
            } else if (pending !== undefined) {
              for (const entry of pending) wrap(entry);
              pending = undefined;
            }
            break;
          case 'FullJoin':
            if (pending !== undefined) for (const entry of pending) wrap(entry);
            pending = undefined;
            wrapOwn = own !== undefined;
            break;
          case 'OuterApply':
            wrapOwn = own !== undefined;
            break;
          default:
            // CROSS JOIN, CROSS APPLY…: an inner join without ON, so the table is filtered like a FROM item.
            break;
        }
        if (table !== join.table || on !== join.on) {
          joinsOut ??= joins.slice();
          joinsOut[j] = Object.freeze({ ...join, table, ...(on === undefined ? {} : { on }) });
        }
        if (own !== undefined) {
          if (wrapOwn) wrap(own);
          else (pending ??= []).push(own);
        }
      }
    }
    if (pending !== undefined) for (const entry of pending) where.push(entry.predicate);
    return {
      items: itemsOut === undefined ? items : Object.freeze(itemsOut),
      joins: joinsOut === undefined ? joins : Object.freeze(joinsOut),
    };
  }

  #select(node: SelectQueryNode & Node, outer: Names): Node {
    const [withNode, ctes] = node.with === undefined ? [undefined, outer] : this.#with(node.with, outer);
    const where: OperationNode[] = [];
    const sources = this.#sources(node.from?.froms, node.joins, ctes, where);
    const patch = this.#children(node, ctes, SELECT_OWN);
    if (
      patch === undefined &&
      where.length === 0 &&
      withNode === node.with &&
      sources.items === node.from?.froms &&
      sources.joins === node.joins
    ) {
      return node;
    }
    const out: Record<string, unknown> = { ...node, ...patch };
    if (withNode !== node.with) out.with = withNode;
    if (sources.items !== node.from?.froms)
      out.from = FromNode.create(sources.items as ReadonlyArray<OperationNode>);
    if (sources.joins !== node.joins) out.joins = sources.joins;
    if (where.length > 0) out.where = withPredicates(out.where as WhereNode | undefined, where);
    return Object.freeze(out) as Node;
  }

  #update(node: UpdateQueryNode & Node, outer: Names): Node {
    const [withNode, ctes] = node.with === undefined ? [undefined, outer] : this.#with(node.with, outer);
    const where: OperationNode[] = [];
    // The target (or targets, MySQL's `update a, b`) is never null-extended: filter it in WHERE.
    let table = node.table;
    if (table !== undefined) {
      const targets = ListNode.is(table) ? table.items : [table];
      for (const target of targets) {
        const reference = this.#reference(target, ctes);
        const predicate = reference?.rule.predicate(reference.alias);
        if (predicate !== undefined) where.push(predicate);
        else if (reference === undefined && !ListNode.is(table)) table = this.#visit(table as Node, ctes);
      }
    }
    const sources = this.#sources(node.from?.froms, node.joins, ctes, where);
    const patch = this.#children(node, ctes, UPDATE_OWN);
    if (
      patch === undefined &&
      where.length === 0 &&
      withNode === node.with &&
      table === node.table &&
      sources.items === node.from?.froms &&
      sources.joins === node.joins
    ) {
      return node;
    }
    const out: Record<string, unknown> = { ...node, ...patch };
    if (withNode !== node.with) out.with = withNode;
    if (table !== node.table) out.table = table;
    if (sources.items !== node.from?.froms)
      out.from = FromNode.create(sources.items as ReadonlyArray<OperationNode>);
    if (sources.joins !== node.joins) out.joins = sources.joins;
    if (where.length > 0) out.where = withPredicates(out.where as WhereNode | undefined, where);
    return Object.freeze(out) as Node;
  }

  #delete(node: DeleteQueryNode & Node, outer: Names): Node {
    const [withNode, ctes] = node.with === undefined ? [undefined, outer] : this.#with(node.with, outer);
    if (this.#rewriteDeletes && node.from.froms.length === 1) {
      const reference = this.#reference(node.from.froms[0] as OperationNode, ctes);
      if (reference !== undefined) return this.#update(softDeleteUpdate(node, reference.rule.rule), outer);
    }
    // The target of a real DELETE is not filtered: purging deleted rows is what a DELETE is for.
    const where: OperationNode[] = [];
    const sources = this.#sources(node.using?.tables, node.joins, ctes, where);
    const patch = this.#children(node, ctes, DELETE_OWN);
    if (
      patch === undefined &&
      where.length === 0 &&
      withNode === node.with &&
      sources.items === node.using?.tables &&
      sources.joins === node.joins
    ) {
      return node;
    }
    const out: Record<string, unknown> = { ...node, ...patch };
    if (withNode !== node.with) out.with = withNode;
    if (node.using !== undefined && sources.items !== node.using.tables) {
      out.using = Object.freeze({ ...node.using, tables: sources.items });
    }
    if (sources.joins !== node.joins) out.joins = sources.joins;
    if (where.length > 0) out.where = withPredicates(out.where as WhereNode | undefined, where);
    return Object.freeze(out) as Node;
  }

  /** INSERT: the target is not filtered; its SELECT, subqueries and CTEs are. */
  #insert(node: Node, outer: Names): Node {
    const original = node.with as WithNode | undefined;
    const [withNode, ctes] = original === undefined ? [undefined, outer] : this.#with(original, outer);
    const patch = this.#children(node, ctes, INSERT_OWN);
    if (patch === undefined && withNode === original) return node;
    return Object.freeze({ ...node, ...patch, ...(withNode === original ? {} : { with: withNode }) });
  }

  /**
   * MERGE: only live target rows can match (predicate in ON, and in `when not matched by source`),
   * and a configured source is wrapped so that its deleted rows neither match nor get inserted.
   */
  #merge(node: MergeQueryNode & Node, outer: Names): Node {
    const [withNode, ctes] = node.with === undefined ? [undefined, outer] : this.#with(node.with, outer);
    const target = this.#reference(node.into, ctes);
    const targetPredicate = target?.rule.predicate(target.alias);
    let using = node.using;
    if (using !== undefined) {
      const source = this.#reference(using.table, ctes);
      const sourcePredicate = source?.rule.predicate(source.alias);
      const table =
        sourcePredicate !== undefined
          ? derivedTable(source as TableReference, sourcePredicate)
          : source === undefined
            ? this.#visit(using.table as Node, ctes)
            : using.table;
      let on =
        using.on === undefined
          ? undefined
          : (this.#visit(using.on as unknown as Node, ctes) as unknown as OnNode);
      if (targetPredicate !== undefined) on = OnNode.create(andAll(on?.on, [targetPredicate]));
      if (table !== using.table || on !== using.on) {
        using = Object.freeze({ ...using, table, ...(on === undefined ? {} : { on }) });
      }
    }
    let whens =
      node.whens === undefined ? undefined : (this.#list(node.whens, ctes) as ReadonlyArray<WhenNode>);
    if (whens !== undefined && targetPredicate !== undefined) {
      let changed: WhenNode[] | undefined;
      for (let i = 0; i < whens.length; i++) {
        const when = whens[i] as WhenNode;
        if (!isNotMatchedBySource(when.condition)) continue;
        changed ??= whens.slice();
        changed[i] = Object.freeze({ ...when, condition: andAll(when.condition, [targetPredicate]) });
      }
      if (changed !== undefined) whens = Object.freeze(changed);
    }
    const patch = this.#children(node, ctes, MERGE_OWN);
    if (patch === undefined && withNode === node.with && using === node.using && whens === node.whens)
      return node;
    const out: Record<string, unknown> = { ...node, ...patch };
    if (withNode !== node.with) out.with = withNode;
    if (using !== node.using) out.using = using;
    if (whens !== node.whens) out.whens = whens;
    return Object.freeze(out) as Node;
  }
}

function withPredicates(where: WhereNode | undefined, predicates: ReadonlyArray<OperationNode>): WhereNode {
  return WhereNode.create(andAll(where?.where, predicates));
}

/** `(select * from <table> where <predicate>) as <alias>`: the exact form where ON cannot filter. */
function derivedTable(reference: TableReference, predicate: OperationNode): OperationNode {
  const select = Object.freeze({
    kind: 'SelectQueryNode',
    from: FromNode.create([reference.expression]),
    selections: Object.freeze([SelectionNode.createSelectAll()]),
    where: WhereNode.create(predicate),
  }) as SelectQueryNode;
  return AliasNode.create(select, IdentifierNode.create(reference.alias));
}

function isNotMatchedBySource(condition: OperationNode): boolean {
  const matched =
    condition.kind === 'AndNode' ? (condition as unknown as { left: OperationNode }).left : condition;
  return MatchedNode.is(matched) && matched.not && matched.bySource;
}

/** `delete from t … ` → `update t set <flag> … `, keeping WITH, USING (as FROM), joins, WHERE, RETURNING. */
function softDeleteUpdate(node: DeleteQueryNode, rule: SoftDeleteRule): UpdateQueryNode & Node {
  const { kind: _kind, from, using, ...rest } = node;
  return Object.freeze({
    ...rest,
    kind: 'UpdateQueryNode',
    table: from.froms[0],
    updates: Object.freeze([softDeleteAssignment(rule.column, rule.kind)]),
    ...(using === undefined ? {} : { from: FromNode.create(using.tables) }),
  }) as unknown as UpdateQueryNode & Node;
}

/**
 * Kysely requires a plugin to return a root node of the kind it was given and checks this by
 * reading `kind` exactly once, right after `transformQuery` returns; the compiler reads it next.
 * So a DELETE rewritten into an UPDATE answers `DeleteQueryNode` to that first read and
 * `UpdateQueryNode` from then on, and compiles as the UPDATE it is. The delete builder reads only
 * `returning` from the node, so `execute()` still returns the RETURNING rows or a `DeleteResult`
 * counting the soft-deleted rows.
 */
function disguiseAsDelete(update: Node): Node {
  let reads = 0;
  const node = { ...update };
  Object.defineProperty(node, 'kind', {
    enumerable: true,
    get: () => (reads++ === 0 ? 'DeleteQueryNode' : 'UpdateQueryNode'),
  });
  return Object.freeze(node);
}
