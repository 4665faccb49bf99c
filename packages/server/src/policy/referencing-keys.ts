import { type Kysely, sql } from 'kysely';
import type { RowId } from '../cascade/row-id.js';
import { idArray } from '../cascade/soft-delete-sql.js';

/** A single-column foreign key that references a table. */
export interface ReferencingKey {
  childTable: string;
  childColumn: string;
}

/** Every single-column foreign key of the current schema that references `table`. */
export async function referencingKeys(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema.
  db: Kysely<any>,
  table: string,
): Promise<ReferencingKey[]> {
  const { rows } = await sql<ReferencingKey>`
    select c.relname::text as "childTable", a.attname::text as "childColumn"
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_class p on p.oid = k.confrelid
    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
    where k.contype = 'f' and cardinality(k.conkey) = 1 and not c.relispartition
      and p.relnamespace = current_schema()::regnamespace and p.relname::text = ${table}
    order by c.relname, a.attname
  `.execute(db);
  return rows;
}

/** The ids (canonical, of key type `type`) that a row of any table references through `keys`. */
export async function referencedIds(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema.
  trx: Kysely<any>,
  keys: readonly ReferencingKey[],
  ids: readonly RowId[],
  type: string,
): Promise<Set<string>> {
  const referenced = new Set<string>();
  for (const key of keys) {
    const column = sql.id(key.childColumn);
    const { rows } = await sql<{ id: string }>`
      select distinct ${column}::text as id from ${sql.table(key.childTable)}
      where ${column} = any(${idArray(ids, type)})
    `.execute(trx);
    for (const row of rows) referenced.add(row.id);
  }
  return referenced;
}
