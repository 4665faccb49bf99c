import { type Kysely, sql } from 'kysely';

/**
 * The audit trail of soft deletes (`tombstone_deletion`). No foreign keys: an audit row outlives
 * a purge of the row it describes (the purge stamps `purged_at`). The partial indexes cover the
 * rows still in the trash (neither restored nor purged): a restore finds a row's open entry and
 * its batch, a purge reads when a boolean-flagged row was deleted.
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
  await db.schema
    .createIndex('tombstone_deletion_open_row_idx')
    .on('tombstone_deletion')
    .columns(['table_name', 'row_id'])
    .where(sql<boolean>`restored_at is null and purged_at is null`)
    .execute();
  await db.schema
    .createIndex('tombstone_deletion_batch_idx')
    .on('tombstone_deletion')
    .column('batch_id')
    .execute();
  await db.schema
    .createIndex('tombstone_deletion_open_deleted_at_idx')
    .on('tombstone_deletion')
    .column('deleted_at')
    .where(sql<boolean>`restored_at is null and purged_at is null`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tombstone_deletion').execute();
}
