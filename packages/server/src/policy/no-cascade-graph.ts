import type { Relation, RelationGraph } from '../cascade/relation-graph.js';

const derived = new WeakMap<RelationGraph, Map<string, RelationGraph>>();

/**
 * The graph a soft delete of `table` follows under the `soft-no-cascade` policy: `graph` with the
 * CASCADE keys into `table` treated as SET NULL (left alone), so the delete flags the row only
 * and its CASCADE children stay live. RESTRICT / NO ACTION keys still refuse the delete while a
 * live row references it. Memoized per graph and table; pure.
 *
 * @example
 * softDeleteRows(trx, noCascadeGraph(graph, 'project'), { table: 'project', ids: [7], actorId });
 * // project 7 is in the trash; its tasks (task.project_id ON DELETE CASCADE) stay live
 */
export function noCascadeGraph(graph: RelationGraph, table: string): RelationGraph {
  const byTable = derived.get(graph) ?? new Map<string, RelationGraph>();
  derived.set(graph, byTable);
  const found = byTable.get(table);
  if (found) return found;
  const relations = graph.relations.map(
    (r): Relation =>
      r.parentTable === table && r.onDelete === 'cascade' ? { ...r, onDelete: 'set null' } : r,
  );
  const group = (key: 'parentTable' | 'childTable') => {
    const map = new Map<string, Relation[]>();
    for (const relation of relations) map.set(relation[key], [...(map.get(relation[key]) ?? []), relation]);
    return map;
  };
  const graphWithout: RelationGraph = {
    ...graph,
    relations,
    children: group('parentTable'),
    parents: group('childTable'),
  };
  byTable.set(table, graphWithout);
  return graphWithout;
}
