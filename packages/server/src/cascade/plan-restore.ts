import { DEPENDENT_ACTIONS, type Relation, type RelationGraph } from './relation-graph.js';

/**
 * The relations a restore must check for the rows of `tables`: every CASCADE / RESTRICT /
 * NO ACTION key from those tables to a soft-deletable parent. A row may not come back while such
 * a parent is still deleted (unless the same restore brings the parent back too). SET NULL /
 * SET DEFAULT keys do not tie a row to its parent and are not checked.
 *
 * @example
 * planRestoreChecks(graph, ['article', 'comment']);
 * // [article.author_id → author, article.category_id → category, comment.article_id → article]
 */
export function planRestoreChecks(graph: RelationGraph, tables: Iterable<string>): Relation[] {
  const checks: Relation[] = [];
  for (const table of new Set(tables)) {
    for (const relation of graph.parents.get(table) ?? []) {
      if (DEPENDENT_ACTIONS.has(relation.onDelete)) checks.push(relation);
    }
  }
  return checks;
}
