import { type Kysely, sql } from 'kysely';
import { SUPPORTED_KEY_TYPES } from '../cascade/row-id.js';
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

/** A primary key or unique index of a table, as the catalog declares it. */
export interface UniqueKeyInfo {
  table_name: string;
  /** The index's (or constraint's) name. */
  name: string;
  primary: boolean;
  /** A partial index (`… where …`): unique only among some rows. */
  partial: boolean;
  /** Its key columns, in order (an expression counts as no column). */
  columns: string[];
}

/** Key column types Tombstone handles, as `information_schema.columns.data_type` spells them. */
const KEY_TYPES = new Set(['smallint', 'integer', 'bigint', 'uuid', 'text', 'character varying']);
const TIMESTAMP_TYPES = new Set(['timestamp with time zone', 'timestamp without time zone']);

/**
 * Pure check of one table against the catalog's columns and (when given) its unique keys;
 * returns the problems found, each naming the table, the column and the fix. The id column must
 * be of a supported type and, when `keys` are given, a single-column primary key or the one
 * column of a unique, non-partial index: Tombstone finds a row by it.
 *
 * @example
 * checkTable({ table: 'article', idColumn: 'id', softDelete: { column: 'is_deleted', kind: 'boolean' } }, columns, keys);
 */
export function checkTable(
  requirement: TableRequirement,
  columns: readonly ColumnInfo[],
  keys?: readonly UniqueKeyInfo[],
): string[] {
  const { table, idColumn, softDelete } = requirement;
  const own = columns.filter((c) => c.table_name === table);
  if (own.length === 0) {
    return [`Table "${table}" does not exist. Create it (run the migrations), or fix the table name.`];
  }
  const problems: string[] = [];
  const id = own.find((c) => c.column_name === idColumn);
  if (!id) {
    problems.push(
      `Table "${table}" has no column "${idColumn}". Set idColumn to the name of its key column, or add the column.`,
    );
  } else if (!KEY_TYPES.has(id.data_type)) {
    problems.push(
      `Table "${table}" column "${idColumn}" is of type ${id.data_type}; an id column must be ${SUPPORTED_KEY_TYPES}. Set idColumn to a key column of one of those types.`,
    );
  } else if (keys) {
    const problem = keyProblem(
      table,
      idColumn,
      keys.filter((k) => k.table_name === table),
    );
    if (problem) problems.push(problem);
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

/** Why `idColumn` cannot identify a row of `table`, or `null` when it is a single-column key. */
function keyProblem(table: string, idColumn: string, keys: readonly UniqueKeyInfo[]): string | null {
  const single = (k: UniqueKeyInfo) => k.columns.length === 1 && k.columns[0] === idColumn;
  if (keys.some((k) => single(k) && !k.partial)) return null;
  const primary = keys.find((k) => k.primary);
  const partial = keys.find((k) => single(k) && k.partial);
  const why = partial
    ? `its unique index "${partial.name}" is partial (unique only among some rows)`
    : primary && primary.columns.length > 1
      ? `the primary key "${primary.name}" is composite (${primary.columns.join(', ')}), and composite keys are not supported`
      : 'no primary key or unique index on it alone makes it unique';
  return (
    `Table "${table}" column "${idColumn}" cannot be the id column: ${why}. Tombstone finds rows by it, so a ` +
    `delete could touch other rows. Make it the primary key or add a unique index on it alone ` +
    `(create unique index on "${table}" ("${idColumn}")), or set idColumn to a single-column key of "${table}".`
  );
}

/** The primary keys and unique indexes of `tables` in the current schema. */
async function readUniqueKeys(db: Kysely<unknown>, tables: readonly string[]): Promise<UniqueKeyInfo[]> {
  const { rows } = await sql<UniqueKeyInfo>`
    select t.relname::text as table_name, ic.relname::text as name, i.indisprimary as primary,
           i.indpred is not null as partial,
           array(select a.attname::text
                 from unnest(i.indkey::int2[]) with ordinality k(attnum, n)
                 left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
                 where k.n <= i.indnkeyatts order by k.n) as columns
    from pg_index i
    join pg_class t on t.oid = i.indrelid
    join pg_class ic on ic.oid = i.indexrelid
    where i.indisunique and t.relnamespace = current_schema()::regnamespace
      and t.relname = any(${[...tables]}::text[])
      -- An index of a partition inherited from its partitioned table says nothing new.
      and not ic.relispartition
  `.execute(db);
  // An expression column has no attribute: it comes back null and makes the key unusable.
  return rows.map((r) => ({ ...r, columns: r.columns.map((c) => c ?? '(expression)') }));
}

/**
 * Checks every table against the database catalog (its columns, then its unique keys) and
 * throws a {@link SoftDeleteSchemaError} listing every problem, so a misconfigured app fails at start-up
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
  const keys = await readUniqueKeys(db, tables);
  const problems = [...new Set(requirements.flatMap((r) => checkTable(r, rows, keys)))];
  if (problems.length > 0) throw new SoftDeleteSchemaError(problems.join('\n'));
}
