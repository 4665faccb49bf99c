import { IdentifierNode, type TableNode } from 'kysely';
import type { Node } from './soft-delete-nodes.js';

/*
 * Where ON cannot filter a table exactly (either side of a FULL join, OUTER APPLY, a left join
 * without ON), the plugin replaces it with `(select * from <table> where <predicate>) as <alias>`.
 * An aliased table keeps its alias. A bare one (`comment`, `public.comment`) cannot keep its name:
 * an alias carries no schema, so `"public"."comment"."id"` (written by hand, or by
 * `WithSchemaPlugin` running before the plugin) would no longer resolve, and a `WithSchemaPlugin`
 * running after it qualifies every reference named like a table of the query, turning
 * `"comment"."id"` into `"public"."comment"."id"`. So a bare wrapped table gets an alias no table
 * has, `<table>$sd`, and the references to it in its query (`comment.id`, `public.comment.id`)
 * are renamed, except inside nested queries that declare a `comment` of their own.
 */

/** The alias a bare table gets when wrapped. */
export function wrappedAlias(table: TableNode): string {
  return `${table.table.identifier.name}$sd`;
}

/** The table of a wrapped expression that has no alias of its own, or `undefined`. */
export function bareTable(expression: Node): TableNode | undefined {
  return expression.kind === 'TableNode' ? (expression as unknown as TableNode) : undefined;
}

/** `node` with every reference to one of the bare `tables` pointed at its {@link wrappedAlias}. */
export function renameReferences<TNode extends Node>(node: TNode, tables: ReadonlyArray<TableNode>): TNode {
  const names = new Map(tables.map((table) => [table.table.identifier.name, wrappedAlias(table)]));
  return visit(node, names, true) as TNode;
}

/** Whether a query declares one of `names` as a bare FROM/JOIN/USING/target table or an alias. */
function declares(node: Node, names: ReadonlyMap<string, string>): boolean {
  const items: Node[] = [];
  if (node.from !== undefined) items.push(...node.from.froms);
  if (node.joins !== undefined) for (const join of node.joins) items.push(join.table);
  if (node.using !== undefined) {
    if (node.using.tables !== undefined) items.push(...node.using.tables);
    else if (node.using.table !== undefined) items.push(node.using.table);
  }
  if (node.table !== undefined) items.push(node.table);
  if (node.into !== undefined) items.push(node.into);
  return items.some((item) => {
    if (item.kind === 'TableNode') return names.has(item.table.identifier.name);
    return item.kind === 'AliasNode' && item.alias.kind === 'IdentifierNode' && names.has(item.alias.name);
  });
}

function visit(node: Node, names: ReadonlyMap<string, string>, root: boolean): Node {
  if (node.kind === 'ReferenceNode') {
    const table: TableNode | undefined = node.table;
    const alias = table === undefined ? undefined : names.get(table.table.identifier.name);
    if (alias === undefined) return node;
    return {
      kind: node.kind,
      column: node.column,
      table: {
        kind: 'TableNode',
        table: { kind: 'SchemableIdentifierNode', identifier: IdentifierNode.create(alias) },
      },
    };
  }
  if (!root && node.kind.endsWith('QueryNode') && declares(node, names)) return node;
  let patch: Record<string, unknown> | undefined;
  for (const key in node) {
    const value = node[key];
    if (typeof value !== 'object' || value === null) continue;
    let out: unknown = value;
    if (Array.isArray(value)) {
      let list: Node[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (typeof item !== 'object' || item === null || typeof item.kind !== 'string') continue;
        const next = visit(item, names, false);
        if (next !== item) {
          list ??= [...value];
          list[i] = next;
        }
      }
      if (list !== undefined) out = list;
    } else if (typeof value.kind === 'string') {
      out = visit(value, names, false);
    }
    if (out !== value) {
      patch ??= {};
      patch[key] = out;
    }
  }
  return patch === undefined ? node : { ...node, ...patch };
}
