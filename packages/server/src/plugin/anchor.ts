import type { IdentifierNode } from 'kysely';
import { copyOf, type Node } from './soft-delete-nodes.js';

/*
 * A query the plugin has transformed carries an origin mark on its root node (see ORIGIN in
 * soft-delete-transformer.ts). Plugins installed after this one (`CamelCasePlugin`,
 * `WithSchemaPlugin`, `HandleEmptyInListsPlugin`, any `OperationNodeTransformer`) rebuild every
 * node they pass through and drop that mark, so a subquery built from a scoped instance
 * (`withDeleted(db).selectFrom(…)`) would reach the query around it looking untransformed, and be
 * filtered again in the wrong scope. Leaf identifiers survive those rebuilds: the base
 * transformer returns them as they are, and `CamelCasePlugin` copies them with a spread, which
 * keeps symbol keys. So the plugin also marks one identifier at a fixed place of every query it
 * returns: the alias in the predicate its WHERE ends with, or else the name of its first FROM
 * item, its target, or the alias of its first selection: the anchor. A subquery whose anchor is
 * marked has been transformed in its own scope already.
 */

const ANCHOR = Symbol('tombstone.softDeleteAnchor');

/** The identifier at the anchor place of a query item: the name of `t`/`s.t`, the alias of `x as a`. */
function itemIdentifier(item: Node | undefined): Node | undefined {
  if (item === undefined) return undefined;
  if (item.kind === 'TableNode') return item.table.identifier;
  if (item.kind === 'AliasNode' && item.alias.kind === 'IdentifierNode') return item.alias;
  return undefined;
}

/** `item` with its anchor identifier replaced by `identifier`. */
function withItemIdentifier(item: Node, identifier: Node): Node {
  if (item.kind === 'TableNode') {
    const table = item.table;
    return { kind: item.kind, table: { kind: table.kind, schema: table.schema, identifier } };
  }
  return { kind: item.kind, node: item.node, alias: identifier };
}

function isMarked(identifier: Node): boolean {
  return (identifier as unknown as Record<symbol, unknown>)[ANCHOR] === true;
}

/** Where the anchor of a query node is: a FROM item, a selection, or a target key. */
type Place = 'from' | 'selection' | 'table' | 'into' | undefined;

function placeOf(node: Node): Place {
  switch (node.kind) {
    case 'SelectQueryNode':
      return node.from !== undefined && node.from.froms.length > 0 ? 'from' : 'selection';
    case 'DeleteQueryNode':
      return 'from';
    case 'UpdateQueryNode':
      return 'table';
    case 'InsertQueryNode':
    case 'MergeQueryNode':
      return 'into';
    default:
      return undefined;
  }
}

function anchorItem(node: Node, place: Place): Node | undefined {
  switch (place) {
    case 'from':
      return node.from.froms[0];
    case 'selection':
      return node.selections?.[0]?.selection;
    case 'table':
    case 'into':
      return node[place];
    default:
      return undefined;
  }
}

/** An identifier node that carries the anchor mark. */
export function markedIdentifier(name: string): IdentifierNode {
  return Object.freeze({ kind: 'IdentifierNode', name, [ANCHOR]: true }) as IdentifierNode;
}

/**
 * Whether the WHERE of `node` ends in a predicate of the plugin (`… and "a"."is_deleted" = false`,
 * whose alias identifier is marked): then the node needs no other anchor. The cheap, common case.
 */
function whereAnchored(node: Node): boolean {
  let condition: Node | undefined = node.where?.where;
  if (condition === undefined) return false;
  if (condition.kind === 'AndNode') condition = condition.right as Node;
  if (condition.kind !== 'RawNode') return false;
  const first = condition.parameters[0];
  return first !== undefined && first.kind === 'IdentifierNode' && isMarked(first);
}

/** Whether a query node was returned by a soft-delete transformer, even if later rebuilt by another plugin. */
export function isAnchored(node: Node): boolean {
  if (whereAnchored(node)) return true;
  const identifier = itemIdentifier(anchorItem(node, placeOf(node)));
  return identifier !== undefined && isMarked(identifier);
}

/**
 * `node` with its anchor identifier marked, in place when `node` is a copy the transformer owns
 * (not frozen). A node without an anchor place (`select 1`, a FROM that starts with a raw
 * fragment) is returned as is: a later plugin can then make it look untransformed, a limit the
 * README states.
 */
export function anchored(node: Node): Node {
  if (whereAnchored(node)) return node;
  const place = placeOf(node);
  const item = anchorItem(node, place);
  const identifier = itemIdentifier(item);
  if (item === undefined || identifier === undefined || isMarked(identifier)) return node;
  const marked = withItemIdentifier(item, { kind: 'IdentifierNode', name: identifier.name, [ANCHOR]: true });
  const out: Node = Object.isFrozen(node) ? { ...node } : node;
  switch (place) {
    case 'from': {
      const froms: Node[] = copyOf(node.from.froms);
      froms[0] = marked;
      out.from = { kind: 'FromNode', froms };
      break;
    }
    case 'selection': {
      const selections: Node[] = copyOf(node.selections);
      selections[0] = { kind: 'SelectionNode', selection: marked };
      out.selections = selections;
      break;
    }
    default:
      out[place as string] = marked;
  }
  return out;
}
