import type { TableNode } from 'kysely';
import type { Node } from './soft-delete-nodes.js';

/*
 * Where ON cannot filter a table exactly (either side of a FULL join, a MERGE source…), the
 * plugin replaces it with `(select * from <table> where <predicate>) as <name>`. An alias cannot
 * carry a schema, so a reference written `"public"."comment"."id"` (by hand, or by
 * `WithSchemaPlugin` running before the plugin) no longer resolves once `"public"."comment"` is
 * wrapped. Such references are rewritten to `"comment"."id"`: PostgreSQL lets an unaliased
 * `public.comment` be referenced as `comment` too, so the rewrite changes no meaning, wherever
 * in the query it happens (an inner `public.comment` stays reachable as `comment`).
 */

/** A schema-qualified table without an alias: the only wrapped expression that needs rewriting. */
export function qualifiedTable(expression: Node): TableNode | undefined {
  return expression.kind === 'TableNode' && expression.table.schema !== undefined
    ? (expression as unknown as TableNode)
    : undefined;
}

/** `node` with every reference `<schema>.<table>.<column>` to one of `tables` unqualified. */
export function unqualifyReferences<TNode extends Node>(
  node: TNode,
  tables: ReadonlyArray<TableNode>,
): TNode {
  return visit(node, tables) as TNode;
}

function matches(table: TableNode, tables: ReadonlyArray<TableNode>): boolean {
  const schema = table.table.schema?.name;
  if (schema === undefined) return false;
  const name = table.table.identifier.name;
  return tables.some((t) => t.table.schema?.name === schema && t.table.identifier.name === name);
}

function visit(node: Node, tables: ReadonlyArray<TableNode>): Node {
  if (node.kind === 'ReferenceNode') {
    const table: TableNode | undefined = node.table;
    if (table === undefined || !matches(table, tables)) return node;
    return {
      kind: node.kind,
      column: node.column,
      table: {
        kind: 'TableNode',
        table: { kind: 'SchemableIdentifierNode', identifier: table.table.identifier },
      },
    };
  }
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
        const next = visit(item, tables);
        if (next !== item) {
          list ??= [...value];
          list[i] = next;
        }
      }
      if (list !== undefined) out = list;
    } else if (typeof value.kind === 'string') {
      out = visit(value, tables);
    }
    if (out !== value) {
      patch ??= {};
      patch[key] = out;
    }
  }
  return patch === undefined ? node : { ...node, ...patch };
}
