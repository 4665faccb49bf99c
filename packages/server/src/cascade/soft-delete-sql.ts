import { type RawBuilder, sql } from 'kysely';
import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';

/** The audit table every cascade, restore and purge writes to. */
export const AUDIT_TABLE = 'tombstone_deletion';

function column(softDelete: SoftDeleteColumn, alias: string | undefined): RawBuilder<unknown> {
  return alias ? sql.id(alias, softDelete.column) : sql.id(softDelete.column);
}

/** `not is_deleted` / `deleted_at is null`, optionally qualified by a table alias. */
export function isLive(softDelete: SoftDeleteColumn, alias?: string): RawBuilder<boolean> {
  const ref = column(softDelete, alias);
  return softDelete.kind === 'boolean' ? sql<boolean>`not ${ref}` : sql<boolean>`${ref} is null`;
}

/** `is_deleted` / `deleted_at is not null`, optionally qualified by a table alias. */
export function isDeleted(softDelete: SoftDeleteColumn, alias?: string): RawBuilder<boolean> {
  const ref = column(softDelete, alias);
  return softDelete.kind === 'boolean' ? sql<boolean>`${ref}` : sql<boolean>`${ref} is not null`;
}

/**
 * The `SET` item that soft-deletes: `is_deleted = true` / `deleted_at = now()` (the transaction's
 * start, the same instant the audit row records).
 */
export function markDeleted(softDelete: SoftDeleteColumn): RawBuilder<unknown> {
  const ref = sql.id(softDelete.column);
  return softDelete.kind === 'boolean' ? sql`${ref} = true` : sql`${ref} = now()`;
}

/** The `SET` item that restores: `is_deleted = false` / `deleted_at = null`. */
export function markLive(softDelete: SoftDeleteColumn): RawBuilder<unknown> {
  const ref = sql.id(softDelete.column);
  return softDelete.kind === 'boolean' ? sql`${ref} = false` : sql`${ref} = null`;
}

/**
 * Ids as ONE array parameter, for `= any(…)`: a statement stays one statement with one bind
 * parameter whatever the number of ids (PostgreSQL caps a statement at 65,535 parameters).
 */
export function idArray(ids: readonly number[]): RawBuilder<number[]> {
  return sql<number[]>`${[...ids]}::int[]`;
}
