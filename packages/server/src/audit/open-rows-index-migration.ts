import { type Kysely, sql } from 'kysely';
import { createOpenRowsIndex, OPEN_ROWS_INDEX } from './audit-migration.js';

/**
 * Replaces the GIN index on `tombstone_deletion.row_ids` by its partial form (`where open`), as
 * `tombstoneMigration` now creates it. For databases whose audit table came from an earlier
 * `tombstoneMigration`; on a newer one it rebuilds the same index. The rebuild reads the open
 * entries once and holds a lock on the audit table meanwhile (deletes and restores wait).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex(OPEN_ROWS_INDEX).ifExists().execute();
  await createOpenRowsIndex(db);
}

/** Back to the index on every entry. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex(OPEN_ROWS_INDEX).ifExists().execute();
  await sql`create index ${sql.id(OPEN_ROWS_INDEX)} on tombstone_deletion using gin (row_ids)`.execute(db);
}
