import type { ColumnType, Generated } from 'kysely';

/**
 * `tombstone_deletion`: the audit trail of soft deletes, grouped — one row per set-based
 * statement of a delete (per batch, table, cause, parent table and cascade level), the ids it
 * flagged in `row_ids`. Rows deleted together share a `batch_id`. `cause` tells a direct delete
 * from a cascaded one; for cascaded rows `parent_ids` (parallel to `row_ids`) holds the
 * `parent_table` row each was cascaded from, so a restore can bring back exactly the rows its own
 * delete took. A restore appends to `restored_ids` (and stamps `restored_at`/`restored_by`), the
 * retention purge appends to `purged_ids`; a row is in the trash while it is in neither.
 */
export interface TombstoneDeletionTable {
  id: Generated<string>;
  batch_id: string;
  table_name: string;
  cause: 'direct' | 'cascade';
  parent_table: string | null;
  /** Ids as text (`id::text`), whatever the key's type. */
  row_ids: string[];
  parent_ids: string[] | null;
  actor_id: string | null;
  deleted_at: ColumnType<Date, Date | string | undefined, Date | string>;
  restored_ids: ColumnType<string[], string[] | undefined, string[]>;
  restored_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  restored_by: string | null;
  purged_ids: ColumnType<string[], string[] | undefined, string[]>;
  /** Generated: some row of the entry is neither restored nor purged. */
  open: ColumnType<boolean, never, never>;
}

/**
 * The tables Tombstone adds to your database, for your Kysely `Database` interface:
 * `interface Database extends TombstoneTables { project: ProjectTable; … }`.
 */
export interface TombstoneTables {
  tombstone_deletion: TombstoneDeletionTable;
  tombstone_hold: TombstoneHoldTable;
}

/** `tombstone_hold`: a legal hold on one batch of the trash; its rows are never purged. */
export interface TombstoneHoldTable {
  batch_id: string;
  reason: string;
  held_by: string | null;
  held_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
