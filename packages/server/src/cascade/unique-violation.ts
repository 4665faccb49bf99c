import { type Kysely, sql } from 'kysely';
import { sqlState } from './savepoint.js';

/** SQLSTATE of a unique violation. */
export const UNIQUE_VIOLATION = '23505';

/** Where a unique violation happened: the table, the index's columns and its name. */
export interface UniqueViolation {
  table: string | undefined;
  columns: string[];
  constraint: string | undefined;
}

/** Whether `error` is a unique violation (`23505`) from `pg` or PGlite. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === UNIQUE_VIOLATION;
}

/**
 * Describes a unique violation the database raised: the columns come from the violated index in
 * the catalog (falling back to the error's `Key (…)=(…)` detail). Run it after rolling back to a
 * savepoint: the failed transaction accepts no statement before that.
 *
 * @example
 * try { await restore(); } catch (e) {
 *   await sp.rollback();
 *   if (isUniqueViolation(e)) (await describeUniqueViolation(trx, e)).columns; // ['email']
 * }
 */
export async function describeUniqueViolation<DB>(trx: Kysely<DB>, error: unknown): Promise<UniqueViolation> {
  const { constraint, table, detail } = (error ?? {}) as {
    constraint?: string;
    table?: string;
    detail?: string;
  };
  let columns: string[] = [];
  if (constraint) {
    const { rows } = await sql<{ column_name: string }>`
      select a.attname as column_name
      from pg_class i
      join pg_index x on x.indexrelid = i.oid
      join pg_attribute a on a.attrelid = x.indrelid and a.attnum = any(x.indkey::int2[])
      where i.relname = ${constraint} and i.relnamespace = current_schema()::regnamespace
      order by array_position(x.indkey::int2[], a.attnum)
    `.execute(trx);
    columns = rows.map((r) => r.column_name);
  }
  if (columns.length === 0 && detail) {
    const match = /^Key \(([^)]*)\)=/.exec(detail);
    if (match?.[1]) columns = match[1].split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  }
  return { table, columns, constraint };
}
