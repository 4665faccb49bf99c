import { type Kysely, sql } from 'kysely';

/**
 * The audit trail of soft deletes (`tombstone_deletion`). No foreign keys: an audit row outlives
 * a purge of the row it describes (the purge stamps `purged_at`).
 *
 * One partial index on the entries still in the trash (neither restored nor purged), by row: a
 * restore finds a row's entry and batch through it (and its cascaded rows' entries, found
 * through their foreign keys), a purge reads when a boolean-flagged row was deleted. Every index
 * here is paid for on each soft-deleted row, so there are no others: a cascade of 10,000 rows
 * writes 10,000 entries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tombstone_deletion')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('batch_id', 'uuid', (c) => c.notNull())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('row_id', 'integer', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull().check(sql`cause in ('direct', 'cascade')`))
    .addColumn('parent_table', 'text')
    .addColumn('parent_id', 'integer')
    .addColumn('actor_id', 'integer')
    .addColumn('deleted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('restored_at', 'timestamptz')
    .addColumn('restored_by', 'integer')
    .addColumn('purged_at', 'timestamptz')
    .execute();
  // A cascade takes thousands of ids at once: hand them out from a cache, not one by one.
  await sql`alter table tombstone_deletion alter column id set cache 1000`.execute(db);
  await db.schema
    .createIndex('tombstone_deletion_open_row_idx')
    .on('tombstone_deletion')
    .columns(['table_name', 'row_id'])
    .where(sql<boolean>`restored_at is null and purged_at is null`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tombstone_deletion').execute();
}
