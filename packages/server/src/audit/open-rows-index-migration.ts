import { type Kysely, sql } from 'kysely';
import { CASCADE_PARENTS_INDEX, createOpenRowsIndex, OPEN_ROWS_INDEX } from './audit-migration.js';

/**
 * Gives `tombstone_deletion` the GIN indexes `tombstoneMigration` creates now (see
 * `createOpenRowsIndex`): on the `row_ids` of open direct entries and on the `parent_ids` of open
 * cascade entries, replacing an earlier single index on `row_ids`. For databases whose audit table
 * came from an earlier `tombstoneMigration`; on a newer one it rebuilds the same indexes. The
 * rebuild reads the open entries once and holds a lock on the audit table meanwhile (deletes and
 * restores wait).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex(OPEN_ROWS_INDEX).ifExists().execute();
  await db.schema.dropIndex(CASCADE_PARENTS_INDEX).ifExists().execute();
  await createOpenRowsIndex(db);
}

/** Back to the first form: one GIN index on the `row_ids` of every entry. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex(CASCADE_PARENTS_INDEX).ifExists().execute();
  await db.schema.dropIndex(OPEN_ROWS_INDEX).ifExists().execute();
  await sql`create index ${sql.id(OPEN_ROWS_INDEX)} on tombstone_deletion using gin (row_ids)`.execute(db);
}
