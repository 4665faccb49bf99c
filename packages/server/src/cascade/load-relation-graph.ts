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
  }>`
    select con.conname as name,
           child.relname as child_table,
           array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, n)
                 join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.n) as child_columns,
           parent.relname as parent_table,
           array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, n)
                 join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.n) as parent_columns,
           con.confdeltype::text as on_delete
    from pg_constraint con
    join pg_class child on child.oid = con.conrelid
    join pg_class parent on parent.oid = con.confrelid
    where con.contype = 'f'
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
  }));
}

/** The single-column primary key of each of `tables` that has one. */
async function readKeyColumns<DB>(
  db: Kysely<DB>,
  tables: readonly string[],
): Promise<Record<string, string>> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select t.relname as table_name, a.attname as column_name
    from pg_index i
    join pg_class t on t.oid = i.indrelid
    join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]
    where i.indisprimary and i.indnatts = 1
      and t.relnamespace = current_schema()::regnamespace
      and t.relname = any(${[...tables]}::text[])
  `.execute(db);
  return Object.fromEntries(rows.map((r) => [r.table_name, r.column_name]));
}

/**
 * Reads the foreign keys into the soft-deletable `tables` from `pg_catalog` (schema
 * `current_schema()`), once, and builds the {@link RelationGraph} that {@link softDeleteRows},
 * {@link restoreRows} and {@link purgeDeleted} follow. Call it at start-up and keep the result.
 *
 * A soft delete follows CASCADE keys, is blocked by live rows behind RESTRICT / NO ACTION keys and
 * leaves SET NULL / SET DEFAULT keys alone; keys from tables that are not soft-deletable
 * (`api_token`) are ignored by soft deletes (the database applies them on a hard delete).
 * `options.overrides` changes a key's policy in code.
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
  const names = Object.keys(tables).filter((t) => tables[t]);
  const [foreignKeys, idColumns] = await Promise.all([readForeignKeys(db), readKeyColumns(db, names)]);
  return buildRelationGraph(tables, foreignKeys, { ...options, idColumns });
}
