import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';
import { BLOCKING_ACTIONS, DEPENDENT_ACTIONS, type Relation, type RelationGraph } from './relation-graph.js';

/** One table of a purge: which rows may go, and which references keep a row. */
export interface PurgeStep {
  table: string;
  softDelete: SoftDeleteColumn;
  /**
   * A row is kept while any row references it through one of these: CASCADE / RESTRICT /
   * NO ACTION keys from soft-deletable children (a hard delete would take or refuse a row that is
   * live or deleted after the cutoff), and RESTRICT / NO ACTION keys from other tables. Other
   * keys (SET NULL, or CASCADE into `api_token`) are left for the database to apply.
   */
  guards: readonly Relation[];
}

/** The order a purge visits the tables in: children before parents. */
export interface PurgePlan {
  steps: readonly PurgeStep[];
  /**
   * The tables reference each other in a cycle (or a table references itself): one pass may
   * leave rows that a later pass can purge, so the executor repeats passes until none purges.
   */
  cyclic: boolean;
}

/**
 * Orders the soft-deletable tables children first (Kahn's algorithm on the guarding relations;
 * tables in a cycle come last, by name) and lists each table's guards. Pure.
 *
 * @example
 * planPurge(graph).steps.map((s) => s.table); // ['comment', 'article', 'author', 'category']
 */
export function planPurge(graph: RelationGraph): PurgePlan {
  const guardsOf = (table: string): Relation[] =>
    (graph.children.get(table) ?? []).filter((r) =>
      r.childSoftDelete ? DEPENDENT_ACTIONS.has(r.onDelete) : BLOCKING_ACTIONS.has(r.onDelete),
    );
  const tables = Object.keys(graph.tables).sort();
  // A parent waits for every soft-deletable child that guards it.
  const waitingOn = new Map(tables.map((t) => [t, new Set<string>()]));
  let cyclic = false;
  for (const table of tables) {
    for (const guard of guardsOf(table)) {
      if (!guard.childSoftDelete) continue;
      if (guard.childTable === table) cyclic = true;
      else waitingOn.get(table)?.add(guard.childTable);
    }
  }
  const order: string[] = [];
  const done = new Set<string>();
  for (let progress = true; progress; ) {
    progress = false;
    for (const table of tables) {
      if (done.has(table)) continue;
      if ([...(waitingOn.get(table) ?? [])].every((child) => done.has(child))) {
        order.push(table);
        done.add(table);
        progress = true;
      }
    }
  }
  for (const table of tables) {
    if (!done.has(table)) {
      cyclic = true;
      order.push(table);
    }
  }
  return {
    steps: order.map((table) => ({
      table,
      softDelete: graph.tables[table] as SoftDeleteColumn,
      guards: guardsOf(table),
    })),
    cyclic,
  };
}
