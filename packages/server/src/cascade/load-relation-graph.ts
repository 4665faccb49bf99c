import { type Kysely, sql } from 'kysely';
import {
  buildRelationGraph,
  type ForeignKey,
  type OnDeleteAction,
  type RelationGraph,
  type RelationGraphOptions,
  type SoftDeleteTableMap,
} from './relation-graph.js';

const ACTIONS: Readonly<Record<string, OnDeleteAction>> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

/**
 * Reads every foreign key of the current schema from `pg_catalog`, with its ON DELETE action.
 * A multi-column key comes with all its columns in `childColumns` / `parentColumns` (and its
 * first ones in `childColumn` / `parentColumn`): soft deletes cannot follow it, and
 * {@link buildRelationGraph} refuses it where it would have to.
 *
 * Partitioned tables: a key declared on a partitioned table is read once, on that table (the
 * clones PostgreSQL makes on each partition, `conparentid <> 0`, are skipped); a key declared
 * on a partition, or referencing one, names the partition and its root (`childRoot`,
 * `parentRoot`), so that the graph can follow it on a soft-deletable root.
 *
 * @example
 * const keys = await readForeignKeys(db);
 * // [{ name: 'article_author_id_fkey', childTable: 'article', childColumn: 'author_id', parentTable: 'author', parentColumn: 'id', onDelete: 'cascade' }, …]
 */
export async function readForeignKeys(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema (and its transactions).
  db: Kysely<any>,
): Promise<ForeignKey[]> {
  const { rows } = await sql<{
    name: string;
    child_table: string;
    child_columns: string[];
    parent_table: string;
    parent_columns: string[];
    on_delete: string;
    child_root: string | null;
    parent_root: string | null;
  }>`
    select con.conname as name,
           child.relname as child_table,
           array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, n)
                 join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.n) as child_columns,
           parent.relname as parent_table,
           array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, n)
                 join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.n) as parent_columns,
           con.confdeltype::text as on_delete,
           case when child.relispartition then
             (select r.relname::text from pg_class r where r.oid = pg_partition_root(child.oid)) end as child_root,
           case when parent.relispartition then
             (select r.relname::text from pg_class r where r.oid = pg_partition_root(parent.oid)) end as parent_root
    from pg_constraint con
    join pg_class child on child.oid = con.conrelid
    join pg_class parent on parent.oid = con.confrelid
    where con.contype = 'f' and con.conparentid = 0
      and child.relnamespace = current_schema()::regnamespace
      and parent.relnamespace = current_schema()::regnamespace
    order by parent.relname, child.relname, con.conname
  `.execute(db);
  return rows.map((r) => ({
    name: r.name,
    childTable: r.child_table,
    childColumn: r.child_columns[0] as string,
    parentTable: r.parent_table,
    parentColumn: r.parent_columns[0] as string,
    onDelete: ACTIONS[r.on_delete] ?? 'no action',
    ...(r.child_columns.length > 1 ? { childColumns: r.child_columns, parentColumns: r.parent_columns } : {}),
    ...(r.child_root !== null && r.child_root !== r.child_table ? { childRoot: r.child_root } : {}),
    ...(r.parent_root !== null && r.parent_root !== r.parent_table ? { parentRoot: r.parent_root } : {}),
  }));
}

/**
 * The type of each table's key column, as `format_type` spells it (`integer`, `uuid`,
 * `character varying(40)`…); tables or columns that do not exist are left out.
 *
 * @example
 * await readKeyTypes(db, { article: 'id', event: 'event_id' }); // { article: 'integer', event: 'uuid' }
 */
export async function readKeyTypes(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema (and its transactions).
  db: Kysely<any>,
  idColumns: Readonly<Record<string, string>>,
): Promise<Record<string, string>> {
  const tables = Object.keys(idColumns);
  if (tables.length === 0) return {};
  const { rows } = await sql<{ table_name: string; key_type: string }>`
    select t.relname::text as table_name, format_type(a.atttypid, a.atttypmod) as key_type
    from pg_class t
    join unnest(${tables}::text[], ${tables.map((t) => idColumns[t])}::text[]) as k(table_name, column_name)
      on k.table_name = t.relname
    join pg_attribute a on a.attrelid = t.oid and a.attname = k.column_name and not a.attisdropped
    where t.relnamespace = current_schema()::regnamespace
  `.execute(db);
  return Object.fromEntries(rows.map((r) => [r.table_name, r.key_type]));
}

/**
 * Reads the foreign keys into the soft-deletable `tables` from `pg_catalog` (schema
 * `current_schema()`), once, and builds the {@link RelationGraph} that {@link softDeleteRows},
 * {@link restoreRows} and {@link purgeDeleted} follow. Call it at start-up and keep the result.
 *
 * A soft delete follows CASCADE keys, is blocked by live rows behind RESTRICT / NO ACTION keys and
 * leaves SET NULL / SET DEFAULT keys alone; keys from tables that are not soft-deletable
 * (`api_token`) are ignored by soft deletes (the database applies them on a hard delete).
 * `options.overrides` changes a key's policy in code; `options.idColumns` names each table's key
 * column (default `id`), whose type is read from the catalog.
 *
 * @example
 * const graph = await loadRelationGraph(db, softDeleteTables, {
 *   overrides: { 'comment.author_id': 'cascade' }, // an author's comments go with the author
 * });
 */
export async function loadRelationGraph(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema (and its transactions).
  db: Kysely<any>,
  tables: SoftDeleteTableMap,
  options: RelationGraphOptions = {},
): Promise<RelationGraph> {
  const idColumns = Object.fromEntries(
    Object.keys(tables)
      .filter((t) => tables[t])
      .map((t) => [t, options.idColumns?.[t] ?? 'id']),
  );
  const foreignKeys = await readForeignKeys(db);
  const keyTypes = await readKeyTypes(db, idColumns);
  return buildRelationGraph(tables, foreignKeys, { ...options, idColumns, keyTypes });
}
