import { type Kysely, sql } from 'kysely';
import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';

/** What start-up validation checks for one table. */
export interface TableRequirement {
  table: string;
  idColumn: string;
  softDelete: SoftDeleteColumn;
}

/** Thrown at start-up when the database does not match a soft-delete configuration. */
export class SoftDeleteSchemaError extends Error {
  override readonly name = 'SoftDeleteSchemaError';
}

interface ColumnInfo {
  table_name: string;
  column_name: string;
  data_type: string;
}

const INTEGER_TYPES = new Set(['integer', 'bigint', 'smallint']);
const TIMESTAMP_TYPES = new Set(['timestamp with time zone', 'timestamp without time zone']);

/**
 * Pure check of one table against the catalog's columns; returns the problems found, each
 * naming the table, the column and the fix.
 *
 * @example
 * checkTable({ table: 'article', idColumn: 'id', softDelete: { column: 'is_deleted', kind: 'boolean' } }, columns);
 */
export function checkTable(requirement: TableRequirement, columns: readonly ColumnInfo[]): string[] {
  const { table, idColumn, softDelete } = requirement;
  const own = columns.filter((c) => c.table_name === table);
  if (own.length === 0) {
    return [`Table "${table}" does not exist. Create it (run the migrations), or fix the table name.`];
  }
  const problems: string[] = [];
  const id = own.find((c) => c.column_name === idColumn);
  if (!id || !INTEGER_TYPES.has(id.data_type)) {
    problems.push(
      `Table "${table}" has no integer column "${idColumn}". Add it, or set the id column to the right name.`,
    );
  }
  const flag = own.find((c) => c.column_name === softDelete.column);
  if (softDelete.kind === 'boolean' && flag?.data_type !== 'boolean') {
    problems.push(
      `Table "${table}" has no boolean column "${softDelete.column}". Add it, or set the soft-delete column to the right name.`,
    );
  }
  if (softDelete.kind === 'timestamp' && !(flag && TIMESTAMP_TYPES.has(flag.data_type))) {
    problems.push(
      `Table "${table}" has no timestamptz column "${softDelete.column}". Add it (nullable), or set the soft-delete column to the right name.`,
    );
  }
  return problems;
}

/**
 * Checks every table against the database catalog in one query and throws a
 * {@link SoftDeleteSchemaError} listing every problem, so a misconfigured app fails at start-up
 * instead of on its first request.
 *
 * @example
 * await validateTables(db, [{ table: 'article', idColumn: 'id', softDelete: { column: 'is_deleted', kind: 'boolean' } }]);
 */
export async function validateTables(
  db: Kysely<unknown>,
  requirements: readonly TableRequirement[],
): Promise<void> {
  const tables = [...new Set(requirements.map((r) => r.table))];
  const { rows } = await sql<ColumnInfo>`
    select table_name::text as table_name, column_name::text as column_name, data_type::text as data_type
    from information_schema.columns
    where table_schema = current_schema() and table_name = any(${tables}::text[])
  `.execute(db);
  const problems = [...new Set(requirements.flatMap((r) => checkTable(r, rows)))];
  if (problems.length > 0) throw new SoftDeleteSchemaError(problems.join('\n'));
}
