import { BLOCKING_ACTIONS, type Relation, type RelationGraph, softDeleteColumnOf } from './relation-graph.js';

/**
 * Which relations a soft delete of one table follows and checks, worked out from the graph alone.
 * The executor runs {@link CascadePlan.cascade} level by level (one set-based `UPDATE` per
 * relation and level), then counts live children along {@link CascadePlan.restrict}.
 */
export interface CascadePlan {
  /** The table whose rows are deleted directly. */
  table: string;
  /** Every table a delete of `table` can reach through CASCADE keys, the root first. */
  reach: readonly string[];
  /** CASCADE relations into soft-deletable children of reachable tables. */
  cascade: readonly Relation[];
  /**
   * RESTRICT / NO ACTION relations from soft-deletable children into reachable tables. Checked
   * after the cascade has flagged its rows, so a child that is itself cascade-deleted in the same
   * operation does not block (Django's RESTRICT).
   */
  restrict: readonly Relation[];
}

/**
 * Plans a soft delete of `table`: breadth-first over CASCADE relations, each table visited once,
 * so cycles and self-references terminate. Relations into tables that are not soft-deletable
 * (`api_token`) are left out: their rows stay, and the database applies the declared action on
 * a hard delete. SET NULL / SET DEFAULT relations are left out too: the parent row still exists.
 *
 * @example
 * const plan = planCascade(graph, 'author');
 * plan.reach; // ['author', 'article', 'comment']
 * plan.restrict.map((r) => r.childColumn); // RESTRICT keys into those tables, if any
 */
export function planCascade(graph: RelationGraph, table: string): CascadePlan {
  softDeleteColumnOf(graph, table);
  const reach = [table];
  const seen = new Set(reach);
  const cascade: Relation[] = [];
  for (let i = 0; i < reach.length; i++) {
    for (const relation of graph.children.get(reach[i] as string) ?? []) {
      if (relation.onDelete !== 'cascade' || !relation.childSoftDelete) continue;
      cascade.push(relation);
      if (!seen.has(relation.childTable)) {
        seen.add(relation.childTable);
        reach.push(relation.childTable);
      }
    }
  }
  const restrict = reach.flatMap((parent) =>
    (graph.children.get(parent) ?? []).filter((r) => BLOCKING_ACTIONS.has(r.onDelete) && r.childSoftDelete),
  );
  return { table, reach, cascade, restrict };
}

/**
 * The relations one cascade level follows: those whose parent table had rows deleted at the
 * previous level, in plan order (so statements always run in the same order).
 *
 * @example
 * relationsFrom(plan, new Set(['author'])); // [article.author_id → author]
 */
export function relationsFrom(plan: CascadePlan, parentTables: ReadonlySet<string>): Relation[] {
  return plan.cascade.filter((r) => parentTables.has(r.parentTable));
}
