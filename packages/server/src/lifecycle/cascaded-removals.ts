import { type Kysely, sql } from 'kysely';
import { idColumnOf, keyTypeOf, type RelationGraph } from '../cascade/relation-graph.js';
import type { RowId } from '../cascade/row-id.js';
import { idArray, keyOut } from '../cascade/soft-delete-sql.js';
import type { LifecycleStatement } from './lifecycle-statement.js';

/** An `ON DELETE CASCADE` key: the rows the database removes with a hard-deleted parent. */
interface CascadeKey {
  childTable: string;
  childColumns: string[];
  parentTable: string;
  parentColumns: string[];
}

/** The cascade keys of a schema by parent table, and the key column of every table that has one. */
interface RemovalCatalog {
  byParent: Map<string, CascadeKey[]>;
  keys: Map<string, { column: string; type: string }>;
}

const catalogs = new WeakMap<RelationGraph, Promise<RemovalCatalog>>();

/**
 * The rows the database will remove through `ON DELETE CASCADE` when rows `ids` of `table` are
 * hard-deleted: level by level along every cascade key of the schema (soft-deletable tables or
 * not), each level one statement per key that locks what it finds (`FOR UPDATE`, in key order),
 * so nothing can join or leave the set before the `DELETE`. Run it in the transaction of the
 * `DELETE`, just before it, with `ids` locked. Returns one `cascade` statement per key and level,
 * with the parent rows it followed, as hooks and the outbox report them.
 *
 * A table's rows are identified by its key column (the configured one of a soft-deletable table,
 * else a single-column primary key); a table without one is not reported, nor what it cascades to.
 *
 * @example
 * const removed = await collectCascadedRemovals(trx, graph, 'author', [7]);
 * // [{ table: 'api_token', ids: [3, 4], cause: 'cascade', parent: { table: 'author', ids: [7] } },
 * //  { table: 'article', ids: [12], cause: 'cascade', parent: { table: 'author', ids: [7] } }, …]
 * await sql`delete from author where id = 7`.execute(trx);
 */
export async function collectCascadedRemovals(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  trx: Kysely<any>,
  graph: RelationGraph,
  table: string,
  ids: readonly RowId[],
): Promise<LifecycleStatement[]> {
  if (ids.length === 0) return [];
  const catalog = await removalCatalog(trx, graph);
  if (catalog.byParent.size === 0) return [];
  const statements: LifecycleStatement[] = [];
  const seen = new Map<string, Set<string>>([[table, new Set(ids.map(String))]]);
  let frontier = new Map<string, RowId[]>([[table, [...ids]]]);
  while (frontier.size > 0) {
    const next = new Map<string, RowId[]>();
    for (const [parent, parentIds] of frontier) {
      const parentKey = catalog.keys.get(parent);
      if (!parentKey) continue;
      for (const key of catalog.byParent.get(parent) ?? []) {
        const childKey = catalog.keys.get(key.childTable);
        if (!childKey) continue;
        const rows = await cascadedRows(trx, key, childKey, parentKey, parentIds);
        const known = seen.get(key.childTable) ?? new Set<string>();
        seen.set(key.childTable, known);
        const fresh: typeof rows = [];
        for (const row of rows) {
          if (known.has(String(row.id))) continue;
          known.add(String(row.id));
          fresh.push(row);
        }
        if (fresh.length === 0) continue;
        const childIds = fresh.map((r) => r.id);
        statements.push({
          table: key.childTable,
          ids: childIds,
          cause: 'cascade',
          parent: { table: parent, ids: [...new Set(fresh.map((r) => r.parent_id))] },
        });
        next.set(key.childTable, [...(next.get(key.childTable) ?? []), ...childIds]);
      }
    }
    frontier = next;
  }
  return statements;
}

/** The child rows one cascade key reaches from some parent rows, locked. */
async function cascadedRows(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  trx: Kysely<any>,
  key: CascadeKey,
  childKey: { column: string; type: string },
  parentKey: { column: string; type: string },
  parentIds: readonly RowId[],
): Promise<Array<{ id: RowId; parent_id: RowId }>> {
  const columns = (alias: string, names: readonly string[]) =>
    sql`(${sql.join(names.map((n) => sql.id(alias, n)))})`;
  const child = sql.id('c', childKey.column);
  const { rows } = await sql<{ id: RowId; parent_id: RowId }>`
    select ${keyOut(childKey.type, child)} as id, ${keyOut(parentKey.type, sql.id('p', parentKey.column))} as parent_id
    from ${sql.table(key.childTable)} c
    join ${sql.table(key.parentTable)} p on ${columns('c', key.childColumns)} = ${columns('p', key.parentColumns)}
    where ${sql.id('p', parentKey.column)} = any(${idArray(parentIds, parentKey.type)})
    order by ${child}
    for update of c
  `.execute(trx);
  return rows;
}

/** The schema's cascade keys and key columns, read once per graph (that is, per `createTombstone`). */
function removalCatalog(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  db: Kysely<any>,
  graph: RelationGraph,
): Promise<RemovalCatalog> {
  let found = catalogs.get(graph);
  if (!found) {
    found = readRemovalCatalog(db, graph);
    catalogs.set(graph, found);
    found.catch(() => catalogs.delete(graph));
  }
  return found;
}

async function readRemovalCatalog(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  db: Kysely<any>,
  graph: RelationGraph,
): Promise<RemovalCatalog> {
  const { rows: cascades } = await sql<CascadeKey>`
    select child.relname::text as "childTable", parent.relname::text as "parentTable",
           array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, n)
                 join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.n) as "childColumns",
           array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, n)
                 join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.n) as "parentColumns"
    from pg_constraint con
    join pg_class child on child.oid = con.conrelid
    join pg_class parent on parent.oid = con.confrelid
    where con.contype = 'f' and con.confdeltype = 'c' and con.conparentid = 0
      and child.relnamespace = current_schema()::regnamespace
      and parent.relnamespace = current_schema()::regnamespace
    order by parent.relname, child.relname, con.conname
  `.execute(db);
  const { rows: primaryKeys } = await sql<{ table: string; column: string; type: string }>`
    select t.relname::text as table, a.attname::text as column, format_type(a.atttypid, a.atttypmod) as type
    from pg_index i
    join pg_class t on t.oid = i.indrelid
    join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]
    where i.indisprimary and i.indnkeyatts = 1 and t.relnamespace = current_schema()::regnamespace
  `.execute(db);
  const keys = new Map(primaryKeys.map((k) => [k.table, { column: k.column, type: k.type }]));
  for (const table of Object.keys(graph.tables)) {
    keys.set(table, { column: idColumnOf(graph, table), type: keyTypeOf(graph, table) });
  }
  const byParent = new Map<string, CascadeKey[]>();
  for (const key of cascades) byParent.set(key.parentTable, [...(byParent.get(key.parentTable) ?? []), key]);
  return { byParent, keys };
}
