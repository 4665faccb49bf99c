import type { OperationNode, ParensNode } from 'kysely';
import type { Node } from './soft-delete-nodes.js';

/*
 * The plugin appends `and <predicate>` to conditions it did not write: a WHERE, an ON, a MERGE
 * `when` condition. Kysely compiles `AndNode` and `OrNode` without brackets and never parses raw
 * `sql` text, so `where(sql\`a or b\`)` followed by `and p` would read `a or (b and p)`. The
 * existing condition is therefore kept as written only when it provably binds tighter than
 * `and`; anything else (OR, raw SQL, unknown nodes) is put in brackets first.
 */

/** The SQL after `"alias"."column"` in the predicates the plugin writes itself. */
export const PREDICATE_TESTS: ReadonlySet<string> = new Set([
  ' = false',
  ' = true',
  ' is null',
  ' is not null',
]);

/**
 * Whether `node` compiles to a single operand: a value, a reference, a call, a bracketed
 * expression or a subquery (which Kysely brackets inside an expression).
 */
function isOperand(node: Node): boolean {
  switch (node.kind) {
    case 'ReferenceNode':
    case 'ColumnNode':
    case 'ValueNode':
    case 'ValueListNode':
    case 'PrimitiveValueListNode':
    case 'TupleNode':
    case 'FunctionNode':
    case 'AggregateFunctionNode':
    case 'CastNode':
    case 'ParensNode':
    case 'SelectQueryNode':
    case 'IdentifierNode':
    case 'SelectAllNode':
      return true;
    case 'RawNode': {
      // `sql.ref(…)`, `sql.val(…)`, `sql.lit(…)`: a raw node that is only its child.
      const fragments: ReadonlyArray<string> = node.sqlFragments;
      return (
        fragments.length === 2 &&
        fragments[0] === '' &&
        fragments[1] === '' &&
        node.parameters.length === 1 &&
        isOperand(node.parameters[0])
      );
    }
    default:
      return false;
  }
}

/**
 * Whether `existing and x` keeps the meaning of `existing` for any `x`: true for comparisons of
 * operands, `not`/`exists` of an operand, bracketed expressions, the plugin's own predicates and
 * AND chains of these; false for OR, raw SQL and anything not known to bind tighter than AND.
 */
export function bindsTighterThanAnd(node: Node): boolean {
  switch (node.kind) {
    case 'ParensNode':
      return true;
    case 'AndNode':
      return bindsTighterThanAnd(node.left) && bindsTighterThanAnd(node.right);
    case 'BinaryOperationNode': {
      if (!isOperand(node.leftOperand)) return false;
      const right = node.rightOperand;
      if (isOperand(right)) return true;
      // `x between a and b`: the AND belongs to BETWEEN.
      const operator: string = node.operator.operator;
      return (
        right.kind === 'AndNode' &&
        operator.startsWith('between') &&
        isOperand(right.left) &&
        isOperand(right.right)
      );
    }
    case 'UnaryOperationNode':
      return isOperand(node.operand);
    case 'RawNode': {
      // The plugin's own predicate: `<alias>.<column> = false` and the like.
      const fragments: ReadonlyArray<string> = node.sqlFragments;
      if (fragments.length === 3) {
        return fragments[0] === '' && fragments[1] === '.' && PREDICATE_TESTS.has(fragments[2] as string);
      }
      return isOperand(node);
    }
    default:
      return isOperand(node);
  }
}

/** `condition`, bracketed unless `condition and x` already reads as `(condition) and x`. */
export function grouped(condition: OperationNode): OperationNode {
  // A literal, not ParensNode.create: freezing costs more than the check (see `and` in predicate.ts).
  return bindsTighterThanAnd(condition as Node)
    ? condition
    : ({ kind: 'ParensNode', node: condition } as ParensNode);
}
