import {
  type DeleteQueryNode,
  IdentifierNode,
  type JoinNode,
  ListNode,
  type MergeQueryNode,
  OnNode,
  type OperationNode,
  type TableNode,
  type WhenNode,
  type WithNode,
} from 'kysely';
import { anchored, isAnchored, markedIdentifier } from './anchor.js';
import { renamedTables, wrongOrderMessage } from './plugin-order.js';
import { and, andAll, type FilteringScope, predicateOf } from './predicate.js';
import { bareTable, renameReferences, wrappedAlias } from './schema-references.js';
import type { SoftDeleteKind, SoftDeleteScope } from './soft-delete-column.js';
import {
  aliasOf,
  append,
  copyDelete,
  copyInsert,
  copyOf,
  copySelect,
  copyUpdate,
  derivedTable,
  disguiseAsDelete,
  isNotMatchedBySource,
  type Node,
  softDeleteUpdate,
  withPredicates,
} from './soft-delete-nodes.js';

/** One soft-deletable table as the transformer sees it: its column, kind, schema and scope. */
export interface SoftDeleteRule {
  table: string;
  column: string;
  kind: SoftDeleteKind;
  /** A schema-qualified reference is filtered only when it names this schema. */
  schema: string;
  scope: SoftDeleteScope;
}

/** A predicate not placed yet, and where its table sits, so it can be moved into ON or wrapped. */
interface Pending {
  predicate: OperationNode;
  rule: CompiledRule;
  expression: OperationNode;
  /** Index in the comma-separated items, or `-1 - j` for the j-th join. */
  at: number;
}

/** Where a root node came from: see {@link ORIGIN}. */
interface Origin {
  node: Node;
  output: Node | undefined;
  transformer: SoftDeleteTransformer;
}

type Names = ReadonlySet<string>;
type List = ReadonlyArray<Node> | undefined;

const NO_NAMES: Names = new Set();

/**
 * Kysely runs plugins when a builder becomes a node, so a subquery built from a `Kysely` instance
 * (rather than from an expression builder) arrives already transformed. Every root node a
 * transformer returns carries, under this key, the node it was given and the transformer; the walk
 * then re-transforms that *original* node with *that* transformer. So the subquery keeps its own
 * scope (`withDeleted(db)` inside a default-scoped query stays unfiltered), is not filtered twice,
 * and learns the CTE names of the query it now sits in. `output` guards against a copy of the
 * node (a later plugin spreading it) inheriting the mark. A symbol key rather than a `WeakMap`:
 * `WeakMap.set` costs more than the whole walk.
 */
const ORIGIN = Symbol('tombstone.softDeleteOrigin');

/** Nodes that never hold a query: the walk does not look inside them. */
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
  ExplainNode: true,
  CommonTableExpressionNameNode: true,
};

class CompiledRule {
  readonly #predicates = new Map<string, OperationNode>();
  readonly filtering: FilteringScope | undefined;

  constructor(readonly rule: SoftDeleteRule) {
    this.filtering = rule.scope === 'include' ? undefined : rule.scope;
  }

  /** The predicate for the table reached as `alias`, or `undefined` in scope `'include'`. */
  predicate(alias: string): OperationNode | undefined {
    if (this.filtering === undefined) return undefined;
    let predicate = this.#predicates.get(alias);
    if (predicate === undefined) {
      // The alias identifier is marked: a WHERE ending in this predicate is the plugin's (see anchor.ts).
      predicate = predicateOf(
        markedIdentifier(alias),
        IdentifierNode.create(this.rule.column),
        this.rule.kind,
        this.filtering,
      );
      this.#predicates.set(alias, predicate);
    }
    return predicate;
  }
}

/**
 * Adds the soft-delete predicate to every table reference of a query tree. Nodes are immutable:
 * the walk copies only the nodes on the path to a change and returns the very same tree when
 * nothing changes, so a query that touches no configured table costs one read-only pass. Common
 * node kinds have hand-written visits (a generic property walk costs more than Kysely's whole
 * compile); other kinds are searched property by property, so a subquery is found wherever
 * Kysely lets one appear.
 *
 * Placement keeps SQL semantics equal to "the table holds only rows of the scope":
 * - FROM/USING items and UPDATE targets, unless a RIGHT/FULL join null-extends them: WHERE;
 * - INNER/LEFT (and lateral) joins: their own ON;
 * - tables left of a RIGHT join: that join's ON; a RIGHT-joined table: WHERE, or the next RIGHT
 *   join's ON;
 * - either side of a FULL join, OUTER APPLY and MERGE sources: the table is wrapped as
 *   `(select * from t where <predicate>) as <its alias>`, the only exact form there (a bare `t`
 *   becomes `as "t$sd"`, its references renamed: see schema-references.ts).
 *
 * What it adds to an existing WHERE/ON is joined as `(existing) and <predicate>` (see
 * precedence.ts); UPDATE/DELETE/MERGE targets are tables even when a CTE has their name.
 */
export class SoftDeleteTransformer {
  readonly #rules: ReadonlyMap<string, CompiledRule>;
  readonly #ruleList: ReadonlyArray<CompiledRule>;
  /** The table names when there are few enough for a linear scan to beat the map. */
  readonly #tableNames: ReadonlyArray<string> | undefined;
  readonly #rewriteDeletes: boolean;
  /** Configured names as `CamelCasePlugin` renames them: see {@link renamedTables}. */
  readonly #renamed: ReadonlyMap<string, string> | undefined;
  /** Every table in scope `'exclude'`: an unchanged output needs no origin mark. */
  readonly #defaultScope: boolean;
  /** Second results of {@link #sources} and {@link #with}, read by the caller right after the call. */
  #items: List;
  #joins: List;
  /** Schema-qualified tables {@link #sources} wrapped: references to them lose the schema. */
  #wrapped: TableNode[] | undefined;
  #names: Names = NO_NAMES;

  constructor(rules: ReadonlyArray<SoftDeleteRule>, options: { rewriteDeletes: boolean }) {
    this.#ruleList = rules.map((rule) => new CompiledRule(rule));
    this.#rules = new Map(this.#ruleList.map((rule) => [rule.rule.table, rule]));
    this.#tableNames = rules.length <= 8 ? rules.map((rule) => rule.table) : undefined;
    this.#rewriteDeletes = options.rewriteDeletes;
    this.#renamed = renamedTables(rules);
    this.#defaultScope = rules.every((rule) => rule.scope === 'exclude');
  }

  /** Transforms a root node (a query, or a raw node whose parameters may hold queries). */
  transform<TNode extends OperationNode>(root: TNode): TNode {
    const node = root as unknown as Node;
    const kind = node.kind;
    if (
      kind !== 'SelectQueryNode' &&
      kind !== 'UpdateQueryNode' &&
      kind !== 'DeleteQueryNode' &&
      kind !== 'InsertQueryNode' &&
      kind !== 'MergeQueryNode'
    ) {
      // A raw root (`sql\`…\`.execute(db)`) may interpolate builders; DDL is left as written.
      return kind === 'RawNode' ? (this.#visit(node, NO_NAMES) as unknown as TNode) : root;
    }
    const origin = originOf(node);
    const input = origin?.node ?? node;
    let out = this.#query(input, NO_NAMES);
    if (out === node && this.#defaultScope) return root;
    // Kysely's nodes are frozen; the walk's own copies are not, so they take the mark directly.
    if (out === input) out = { ...input };
    out = anchored(out);
    const mark: Origin = { node: input, output: undefined, transformer: this };
    (out as unknown as Record<symbol, Origin>)[ORIGIN] = mark;
    if (input.kind === 'DeleteQueryNode' && out.kind === 'UpdateQueryNode') out = disguiseAsDelete(out);
    mark.output = out;
    return out as unknown as TNode;
  }

  #visit(node: Node, ctes: Names): Node {
    const kind = node.kind;
    // The commonest leaves first, by identity of interned strings: cheaper than any lookup.
    if (
      kind === 'ReferenceNode' ||
      kind === 'ValueNode' ||
      kind === 'TableNode' ||
      kind === 'OperatorNode' ||
      kind === 'ColumnNode' ||
      kind === 'IdentifierNode'
    ) {
      return node;
    }
    switch (kind) {
      case 'SelectQueryNode':
      case 'UpdateQueryNode':
      case 'DeleteQueryNode':
      case 'InsertQueryNode':
      case 'MergeQueryNode': {
        const origin = originOf(node);
        if (origin !== undefined) return origin.transformer.#query(origin.node, ctes);
        // Transformed already, then rebuilt by a plugin installed after this one: keep its scope.
        return isAnchored(node) ? node : this.#query(node, ctes);
      }
      case 'SelectionNode': {
        const selection = node.selection;
        if (selection.kind === 'ReferenceNode') return node;
        const child = this.#visit(selection, ctes);
        return child === node.selection ? node : { kind: node.kind, selection: child };
      }
      case 'AliasNode': {
        const child = this.#visit(node.node, ctes);
        return child === node.node ? node : { kind: node.kind, node: child, alias: node.alias };
      }
      case 'BinaryOperationNode': {
        const leftIn = node.leftOperand;
        const rightIn = node.rightOperand;
        const left = leftIn.kind === 'ReferenceNode' ? leftIn : this.#visit(leftIn, ctes);
        const right =
          rightIn.kind === 'ValueNode' || rightIn.kind === 'ReferenceNode'
            ? rightIn
            : this.#visit(rightIn, ctes);
        return left === node.leftOperand && right === node.rightOperand
          ? node
          : { kind: node.kind, leftOperand: left, operator: node.operator, rightOperand: right };
      }
      case 'AndNode':
      case 'OrNode': {
        const left = this.#visit(node.left, ctes);
        const right = this.#visit(node.right, ctes);
        return left === node.left && right === node.right ? node : { kind: node.kind, left, right };
      }
      case 'ParensNode': {
        const child = this.#visit(node.node, ctes);
        return child === node.node ? node : { kind: node.kind, node: child };
      }
      case 'WhereNode': {
        const child = this.#visit(node.where, ctes);
        return child === node.where ? node : { kind: node.kind, where: child };
      }
      case 'OnNode': {
        const child = this.#visit(node.on, ctes);
        return child === node.on ? node : { kind: node.kind, on: child };
      }
      case 'OrderByNode':
      case 'GroupByNode': {
        const items = this.#list(node.items, ctes);
        return items === node.items ? node : { kind: node.kind, items };
      }
      case 'OrderByItemNode': {
        const child = this.#visit(node.orderBy, ctes);
        return child === node.orderBy
          ? node
          : {
              kind: node.kind,
              orderBy: child,
              direction: node.direction,
              collation: node.collation,
              nulls: node.nulls,
            };
      }
      case 'GroupByItemNode': {
        const child = this.#visit(node.groupBy, ctes);
        return child === node.groupBy ? node : { kind: node.kind, groupBy: child };
      }
      case 'ReturningNode': {
        const selections = this.#list(node.selections, ctes);
        return selections === node.selections ? node : { kind: node.kind, selections };
      }
      case 'ColumnUpdateNode': {
        const child = this.#visit(node.value, ctes);
        return child === node.value ? node : { kind: node.kind, column: node.column, value: child };
      }
      case 'ValueListNode':
      case 'ValuesNode': {
        const values = this.#list(node.values, ctes);
        return values === node.values ? node : { kind: node.kind, values };
      }
      case 'FunctionNode': {
        const args = this.#list(node.arguments, ctes);
        return args === node.arguments ? node : { kind: node.kind, func: node.func, arguments: args };
      }
      case 'LimitNode': {
        const child = this.#visit(node.limit, ctes);
        return child === node.limit ? node : { kind: node.kind, limit: child };
      }
      case 'OffsetNode': {
        const child = this.#visit(node.offset, ctes);
        return child === node.offset ? node : { kind: node.kind, offset: child };
      }
      case 'RawNode': {
        // Fragments are text, never parsed; interpolated nodes (builders, refs, values) are visited.
        const parameters = this.#list(node.parameters, ctes);
        return parameters === node.parameters
          ? node
          : { kind: node.kind, sqlFragments: node.sqlFragments, parameters };
      }
      case 'SetOperationNode': {
        const child = this.#visit(node.expression, ctes);
        return child === node.expression
          ? node
          : { kind: node.kind, operator: node.operator, expression: child, all: node.all };
      }
      default:
        return LEAVES[kind] === true ? node : this.#generic(node, ctes);
    }
  }

  /** Any other node: every property holding a node or a list of nodes is visited. */
  #generic(node: Node, ctes: Names): Node {
    let patch: Record<string, unknown> | undefined;
    for (const key in node) {
      const value = node[key];
      if (typeof value !== 'object' || value === null) continue;
      let out: unknown;
      if (Array.isArray(value)) out = this.#list(value, ctes);
      else if (typeof value.kind === 'string') out = this.#visit(value, ctes);
      else continue;
      if (out !== value) {
        patch ??= {};
        patch[key] = out;
      }
    }
    return patch === undefined ? node : { ...node, ...patch };
  }

  #list<TList extends List>(list: TList, ctes: Names): TList {
    if (list === undefined) return list;
    let out: Node[] | undefined;
    for (let i = 0; i < list.length; i++) {
      const item = list[i] as Node;
      if (typeof item !== 'object' || item === null) continue;
      const next = this.#visit(item, ctes);
      if (next !== item) {
        out ??= copyOf(list);
        out[i] = next;
      }
    }
    return out === undefined ? list : (out as unknown as TList);
  }

  #optional(node: Node | undefined, ctes: Names): Node | undefined {
    return node === undefined ? undefined : this.#visit(node, ctes);
  }

  /** A query node, visited by the handler of its kind; the result is not frozen yet. */
  #query(node: Node, ctes: Names): Node {
    switch (node.kind) {
      case 'SelectQueryNode':
        return this.#select(node, ctes);
      case 'UpdateQueryNode':
        return this.#update(node, ctes);
      case 'DeleteQueryNode':
        return this.#delete(node, ctes);
      case 'InsertQueryNode':
        return this.#insert(node, ctes);
      default:
        return this.#merge(node, ctes);
    }
  }

  /** The rule of the configured table behind a FROM/JOIN item, unless it is a CTE or in another schema. */
  #rule(expression: Node, ctes: Names): CompiledRule | undefined {
    const table: TableNode | undefined =
      expression.kind === 'TableNode'
        ? (expression as unknown as TableNode)
        : expression.kind === 'AliasNode' && expression.node.kind === 'TableNode'
          ? expression.node
          : undefined;
    if (table === undefined) return undefined;
    const name = table.table.identifier.name;
    const rule = this.#find(name);
    if (rule === undefined) {
      const configured = this.#renamed?.get(name);
      if (configured !== undefined && !ctes.has(name)) {
        throw new Error(wrongOrderMessage(`table "${name}" is configured as "${configured}"`));
      }
      return undefined;
    }
    const schema = table.table.schema;
    if (schema === undefined ? ctes.size > 0 && ctes.has(name) : schema.name !== rule.rule.schema)
      return undefined;
    return rule;
  }

  /** A few tables: compare names, interned literals on both sides, rather than hash them. */
  #find(name: string): CompiledRule | undefined {
    const names = this.#tableNames;
    if (names === undefined) return this.#rules.get(name);
    for (let i = 0; i < names.length; i++) {
      if (names[i] === name) return this.#ruleList[i];
    }
    return undefined;
  }

  /** The predicate for a table item (`undefined` in scope `'include'`). */
  #predicate(rule: CompiledRule, expression: Node): OperationNode | undefined {
    return rule.predicate(aliasOf(expression));
  }

  /**
   * A WITH clause with its bodies transformed; sets {@link #names} to the names in scope after it.
   * Without RECURSIVE a CTE body sees the CTEs before it; with it, every CTE of the clause.
   */
  #with(node: WithNode & Node, ctes: Names): Node {
    let all: Set<string> | undefined;
    for (const expression of node.expressions) {
      const name = expression.name.table.table.identifier.name;
      if (this.#rules.has(name)) {
        all ??= new Set(ctes);
        all.add(name);
      }
    }
    const inner: Names = all ?? ctes;
    let visible: Set<string> | undefined;
    let expressions: Node[] | undefined;
    for (let i = 0; i < node.expressions.length; i++) {
      const expression = node.expressions[i] as unknown as Node;
      const scope: Names = node.recursive === true || all === undefined ? inner : (visible ?? ctes);
      const body = this.#visit(expression.expression, scope);
      if (body !== expression.expression) {
        expressions ??= copyOf(node.expressions as unknown as ReadonlyArray<Node>);
        expressions[i] = {
          kind: expression.kind,
          name: expression.name,
          materialized: expression.materialized,
          expression: body,
        };
      }
      const name = expression.name.table.table.identifier.name;
      if (node.recursive !== true && all !== undefined && this.#rules.has(name)) {
        visible ??= new Set(ctes);
        visible.add(name);
      }
    }
    this.#names = inner;
    return expressions === undefined ? node : { kind: node.kind, expressions, recursive: node.recursive };
  }

  /**
   * Filters comma-separated items (FROM, USING) and the join chain after them. Returns the
   * predicates that belong in WHERE, and leaves the (possibly new) items and joins in
   * {@link #items} and {@link #joins}.
   */
  #sources(
    items: List,
    joins: ReadonlyArray<JoinNode> | undefined,
    ctes: Names,
  ): OperationNode[] | undefined {
    let where: OperationNode[] | undefined;
    let itemsOut: Node[] | undefined;
    let joinsOut: Node[] | undefined;
    let pending: Pending[] | undefined;
    let wrapped: TableNode[] | undefined;
    const last = items === undefined ? -1 : items.length - 1;

    for (let i = 0; i <= last; i++) {
      const item = (items as ReadonlyArray<Node>)[i] as Node;
      const rule = this.#rule(item, ctes);
      if (rule === undefined) {
        const next = this.#visit(item, ctes);
        if (next !== item) {
          itemsOut ??= copyOf(items as ReadonlyArray<Node>);
          itemsOut[i] = next;
        }
        continue;
      }
      const predicate = this.#predicate(rule, item);
      if (predicate === undefined) continue;
      // `from a, b join c`: the joins belong to the last item only; the others are never null-extended.
      if (i < last || joins === undefined || joins.length === 0) where = append(where, predicate);
      else pending = append(pending, { predicate, rule, expression: item, at: i });
    }

    if (joins !== undefined) {
      for (let j = 0; j < joins.length; j++) {
        const join = joins[j] as unknown as Node;
        const rule = this.#rule(join.table, ctes);
        const predicate = rule === undefined ? undefined : this.#predicate(rule, join.table);
        const table = rule === undefined ? this.#visit(join.table, ctes) : join.table;
        let on = this.#optional(join.on, ctes);
        let own: Pending | undefined;
        let wrapOwn = false;
        if (predicate !== undefined)
          own = { predicate, rule: rule as CompiledRule, expression: join.table, at: -1 - j };
        switch (join.joinType) {
          case 'InnerJoin':
          case 'LateralInnerJoin':
          case 'LeftJoin':
          case 'LateralLeftJoin':
            if (own !== undefined && on !== undefined) {
              on = { kind: 'OnNode', on: and(on.on, own.predicate) };
              own = undefined;
            } else if (
              own !== undefined &&
              join.joinType !== 'InnerJoin' &&
              join.joinType !== 'LateralInnerJoin'
            ) {
              wrapOwn = true;
            }
            break;
          case 'RightJoin':
            if (pending !== undefined && on !== undefined) {
              on = {
                kind: 'OnNode',
                on: andAll(
                  on.on,
                  pending.map((entry) => entry.predicate),
                ),
              };
              pending = undefined;
            }
            break;
          case 'FullJoin':
            wrapOwn = own !== undefined;
            break;
          case 'OuterApply':
            wrapOwn = own !== undefined;
            break;
          default:
            // CROSS JOIN, CROSS APPLY…: an inner join without ON, filtered like a FROM item.
            break;
        }
        if ((join.joinType === 'RightJoin' || join.joinType === 'FullJoin') && pending !== undefined) {
          // Only a wrapped table is filtered exactly on the null-extended side of a FULL join.
          for (const entry of pending) {
            const bare = bareTable(entry.expression);
            if (bare !== undefined) wrapped = append(wrapped, bare);
            const derived = derivedTable(entry.expression, entry.predicate, bare && wrappedAlias(bare));
            if (entry.at >= 0) {
              itemsOut ??= copyOf(items as ReadonlyArray<Node>);
              itemsOut[entry.at] = derived;
            } else {
              joinsOut ??= copyOf(joins as unknown as ReadonlyArray<Node>);
              const at = -1 - entry.at;
              const wrapped = joinsOut[at] as Node;
              joinsOut[at] = {
                kind: wrapped.kind,
                joinType: wrapped.joinType,
                table: derived,
                on: wrapped.on,
              };
            }
          }
          pending = undefined;
        }
        let tableOut = table;
        if (wrapOwn && own !== undefined) {
          const bare = bareTable(own.expression);
          if (bare !== undefined) wrapped = append(wrapped, bare);
          tableOut = derivedTable(own.expression, own.predicate, bare && wrappedAlias(bare));
        }
        if (tableOut !== join.table || on !== join.on) {
          joinsOut ??= copyOf(joins as unknown as ReadonlyArray<Node>);
          joinsOut[j] = { kind: join.kind, joinType: join.joinType, table: tableOut, on };
        }
        if (own !== undefined && !wrapOwn) pending = append(pending, own);
      }
    }
    if (pending !== undefined) for (const entry of pending) where = append(where, entry.predicate);
    this.#items = itemsOut === undefined ? items : itemsOut;
    this.#joins = joinsOut === undefined ? (joins as List) : joinsOut;
    this.#wrapped = wrapped;
    return where;
  }

  /**
   * Visits the children of a query node other than WITH, the join chain and the keys its handler
   * treats itself, and returns the changed ones. A `for…in` walk: Kysely builds nodes with only the
   * keys in use, and V8 reads `node[key]` inside `for…in` from its enum cache, where reading each of
   * a SELECT's 17 possible keys by name would be a megamorphic load apiece.
   */
  #rest(
    node: Node,
    ctes: Names,
    skip: 'from' | 'using' | undefined,
    copy: (node: Node) => Node,
  ): Node | undefined {
    let out: Node | undefined;
    for (const key in node) {
      if (key === 'kind' || key === 'with' || key === 'joins' || key === skip) continue;
      const value = node[key];
      if (typeof value !== 'object' || value === null) continue;
      const next = Array.isArray(value) ? this.#list(value, ctes) : this.#visit(value, ctes);
      if (next !== value) {
        out ??= copy(node);
        out[key] = next;
      }
    }
    return out;
  }

  #select(node: Node, outer: Names): Node {
    let ctes = outer;
    let withNode = node.with;
    if (withNode !== undefined) {
      withNode = this.#with(withNode, outer);
      ctes = this.#names;
    }
    const froms: List = node.from?.froms;
    const extra = this.#sources(froms, node.joins, ctes);
    const items = this.#items;
    const joins = this.#joins;
    const wrapped = this.#wrapped;
    const patched = this.#rest(node, ctes, 'from', copySelect);
    if (
      patched === undefined &&
      extra === undefined &&
      withNode === node.with &&
      items === froms &&
      joins === node.joins
    ) {
      return node;
    }
    const out = patched ?? copySelect(node);
    if (withNode !== node.with) out.with = withNode;
    if (items !== froms) out.from = { kind: 'FromNode', froms: items };
    if (joins !== node.joins) out.joins = joins;
    if (extra !== undefined) out.where = withPredicates(out.where, extra);
    return wrapped === undefined ? out : renameReferences(out, wrapped);
  }

  #update(node: Node, outer: Names): Node {
    let ctes = outer;
    let withNode = node.with;
    if (withNode !== undefined) {
      withNode = this.#with(withNode, outer);
      ctes = this.#names;
    }
    // The target (or targets, MySQL's `update a, b`) is never null-extended: filter it in WHERE.
    let targetPredicates: OperationNode[] | undefined;
    const table: Node | undefined = node.table;
    if (table !== undefined) {
      if (ListNode.is(table)) {
        for (const target of table.items as ReadonlyArray<Node>) {
          targetPredicates = this.#targetPredicate(target, targetPredicates);
        }
      } else {
        targetPredicates = this.#targetPredicate(table, targetPredicates);
      }
    }
    const froms: List = node.from?.froms;
    const sourcePredicates = this.#sources(froms, node.joins, ctes);
    const items = this.#items;
    const joins = this.#joins;
    const wrapped = this.#wrapped;
    const patched = this.#rest(node, ctes, 'from', copyUpdate);
    const extra =
      targetPredicates === undefined
        ? sourcePredicates
        : sourcePredicates === undefined
          ? targetPredicates
          : targetPredicates.concat(sourcePredicates);
    if (
      patched === undefined &&
      extra === undefined &&
      withNode === node.with &&
      items === froms &&
      joins === node.joins
    ) {
      return node;
    }
    const out = patched ?? copyUpdate(node);
    if (withNode !== node.with) out.with = withNode;
    if (items !== froms) out.from = { kind: 'FromNode', froms: items };
    if (joins !== node.joins) out.joins = joins;
    if (extra !== undefined) out.where = withPredicates(out.where, extra);
    return wrapped === undefined ? out : renameReferences(out, wrapped);
  }

  /**
   * The predicate of an UPDATE/DELETE/MERGE target. PostgreSQL resolves such a target to a table,
   * never to a CTE, so the CTE names in scope do not apply.
   */
  #targetPredicate(target: Node, predicates: OperationNode[] | undefined): OperationNode[] | undefined {
    const rule = this.#rule(target, NO_NAMES);
    const predicate = rule === undefined ? undefined : this.#predicate(rule, target);
    return predicate === undefined ? predicates : append(predicates, predicate);
  }

  #delete(node: Node, outer: Names): Node {
    if (this.#rewriteDeletes && node.from.froms.length === 1) {
      // The target is a table even when a CTE of the statement has its name.
      const rule = this.#rule(node.from.froms[0], NO_NAMES);
      if (rule !== undefined)
        return this.#update(softDeleteUpdate(node as unknown as DeleteQueryNode, rule.rule), outer);
    }
    let ctes = outer;
    let withNode = node.with;
    if (withNode !== undefined) {
      withNode = this.#with(withNode, outer);
      ctes = this.#names;
    }
    // The target of a real DELETE is not filtered: removing deleted rows is what a DELETE is for.
    const tables: List = node.using?.tables;
    const extra = this.#sources(tables, node.joins, ctes);
    const items = this.#items;
    const joins = this.#joins;
    const wrapped = this.#wrapped;
    const patched = this.#rest(node, ctes, 'using', copyDelete);
    if (
      patched === undefined &&
      extra === undefined &&
      withNode === node.with &&
      items === tables &&
      joins === node.joins
    ) {
      return node;
    }
    const out = patched ?? copyDelete(node);
    if (withNode !== node.with) out.with = withNode;
    if (items !== tables) out.using = { kind: 'UsingNode', tables: items };
    if (joins !== node.joins) out.joins = joins;
    if (extra !== undefined) out.where = withPredicates(out.where, extra);
    return wrapped === undefined ? out : renameReferences(out, wrapped);
  }

  /** INSERT: the target is not filtered; its SELECT, subqueries and CTEs are. */
  #insert(node: Node, outer: Names): Node {
    let ctes = outer;
    let withNode = node.with;
    if (withNode !== undefined) {
      withNode = this.#with(withNode, outer);
      ctes = this.#names;
    }
    const patched = this.#rest(node, ctes, undefined, copyInsert);
    if (patched === undefined && withNode === node.with) return node;
    const out = patched ?? copyInsert(node);
    if (withNode !== node.with) out.with = withNode;
    return out;
  }

  /**
   * MERGE: only live target rows can match (predicate in ON, and in `when not matched by source`),
   * and a configured source is wrapped so that its deleted rows neither match nor get inserted.
   */
  #merge(node: Node, outer: Names): Node {
    const merge = node as unknown as MergeQueryNode & Node;
    let ctes = outer;
    let withNode = node.with;
    if (withNode !== undefined) {
      withNode = this.#with(withNode, outer);
      ctes = this.#names;
    }
    // MERGE INTO names a table, never a CTE.
    const targetRule = this.#rule(merge.into as unknown as Node, NO_NAMES);
    const targetPredicate =
      targetRule === undefined ? undefined : this.#predicate(targetRule, merge.into as unknown as Node);
    let using = merge.using as unknown as Node | undefined;
    let bareSource: TableNode | undefined;
    if (using !== undefined) {
      const sourceRule = this.#rule(using.table, ctes);
      const sourcePredicate = sourceRule === undefined ? undefined : this.#predicate(sourceRule, using.table);
      if (sourcePredicate !== undefined) bareSource = bareTable(using.table);
      const table =
        sourcePredicate !== undefined
          ? derivedTable(using.table, sourcePredicate, bareSource && wrappedAlias(bareSource))
          : sourceRule === undefined
            ? this.#visit(using.table, ctes)
            : using.table;
      let on = this.#optional(using.on, ctes);
      if (targetPredicate !== undefined) on = OnNode.create(andAll(on?.on, [targetPredicate]));
      if (table !== using.table || on !== using.on) {
        using = Object.freeze({ ...using, table, ...(on === undefined ? {} : { on }) });
      }
    }
    let whens = this.#list(merge.whens as unknown as List, ctes);
    if (whens !== undefined && targetPredicate !== undefined) {
      let changed: Node[] | undefined;
      for (let i = 0; i < whens.length; i++) {
        const when = whens[i] as unknown as WhenNode;
        if (!isNotMatchedBySource(when.condition)) continue;
        changed ??= copyOf(whens);
        changed[i] = Object.freeze({ ...when, condition: andAll(when.condition, [targetPredicate]) });
      }
      if (changed !== undefined) whens = Object.freeze(changed);
    }
    const returning = this.#optional(node.returning, ctes);
    if (
      withNode === node.with &&
      using === node.using &&
      whens === node.whens &&
      returning === node.returning
    ) {
      return node;
    }
    const out: Node = { ...node };
    if (withNode !== node.with) out.with = withNode;
    if (using !== node.using) out.using = using;
    if (whens !== node.whens) out.whens = whens;
    if (returning !== node.returning) out.returning = returning;
    return bareSource === undefined ? out : renameReferences(out, [bareSource]);
  }
}

/**
 * A mutable copy of a node list. Not `slice()`: Kysely freezes its arrays, and V8 slices frozen
 * arrays on a slow path (~1 µs for a two-element list).
 */
function originOf(node: Node): Origin | undefined {
  const origin = (node as unknown as Record<symbol, Origin | undefined>)[ORIGIN];
  return origin !== undefined && origin.output === node ? origin : undefined;
}
