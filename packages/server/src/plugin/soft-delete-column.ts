/**
 * How a table marks its soft-deleted rows: a boolean flag (`is_deleted`, live = `false`) or a
 * timestamp (`deleted_at`, live = `NULL`).
 */
export type SoftDeleteKind = 'boolean' | 'timestamp';

/** The soft-delete column of one table. */
export interface SoftDeleteColumn<TColumn extends string = string> {
  column: TColumn;
  kind: SoftDeleteKind;
  /**
   * The schema the table lives in. A schema-qualified reference (`other.article`) is filtered
   * only when its schema is this one; unqualified references always are. Default: the plugin's
   * `defaultSchema` (`'public'`).
   */
  schema?: string;
}

/** Column names of `TTable` whose type fits a soft-delete flag of kind `TKind`. */
export type SoftDeleteColumnName<TTable, TKind extends SoftDeleteKind> = {
  [C in keyof TTable & string]: TKind extends 'boolean'
    ? FlagType<TTable[C]> extends boolean
      ? C
      : never
    : null extends FlagType<TTable[C]>
      ? FlagType<TTable[C]> extends Date | null
        ? C
        : never
      : never;
}[keyof TTable & string];

/** The selected type of a Kysely column type (`Generated<T>`, `ColumnType<S, I, U>` → `S`). */
type FlagType<T> = T extends { readonly __select__: infer S } ? S : T;

/** A soft-delete column of `TTable`, type-checked against the table's columns. */
export type SoftDeleteColumnOf<TTable> =
  | { column: SoftDeleteColumnName<TTable, 'boolean'>; kind: 'boolean'; schema?: string }
  | { column: SoftDeleteColumnName<TTable, 'timestamp'>; kind: 'timestamp'; schema?: string };

/**
 * The soft-deletable tables of a database and their columns, checked against the Kysely
 * `Database` interface: an unknown table, an unknown column or a column of the wrong type is a
 * compile error.
 *
 * @example
 * const tables: SoftDeleteTables<Database> = {
 *   article: { column: 'is_deleted', kind: 'boolean' },
 *   category: { column: 'deleted_at', kind: 'timestamp' },
 * };
 */
export type SoftDeleteTables<DB> = { [TTable in keyof DB & string]?: SoftDeleteColumnOf<DB[TTable]> };

/**
 * Identity helper that type-checks a {@link SoftDeleteTables} map and keeps its literal type.
 *
 * @example
 * export const softDeleteTables = defineSoftDeleteTables<Database>()({
 *   article: { column: 'is_deleted', kind: 'boolean' },
 * });
 */
export function defineSoftDeleteTables<DB>() {
  return <const TTables extends SoftDeleteTables<DB>>(tables: TTables): TTables => tables;
}

/**
 * Which rows of a soft-deletable table a query sees: `'exclude'` (live rows only, the default),
 * `'include'` (live and deleted rows) or `'only'` (deleted rows only).
 */
export type SoftDeleteScope = 'exclude' | 'include' | 'only';
