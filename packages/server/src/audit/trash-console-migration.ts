import { type Kysely, sql } from 'kysely';

/**
 * What the trash console needs beside the audit trail, created by the same `tombstoneMigration`:
 *
 * - `tombstone_hold`: legal holds, one row per held batch (`batch_id`, `reason`, `held_by`,
 *   `held_at`). Rows of a held batch are never purged and cannot be hard-deleted.
 * - Partial btree indexes over the batches still in the trash, for `admin.trash.batches`: a
 *   batch is the one `cause = 'direct'` entry a delete call writes, so the list is a keyset scan
 *   on `id desc` of `where cause = 'direct' and open` — by itself, by `table_name` or by
 *   `actor_id` (one index each: the filter is the index's leading column, the keyset its second).
 *   A page reads `limit + 1` index entries whatever the size of the trash.
 */
export async function createTrashConsoleTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tombstone_hold')
    .ifNotExists()
    .addColumn('batch_id', 'uuid', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('held_by', 'text')
    .addColumn('held_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  const batches = [
    ['tombstone_deletion_batches_idx', ['id']],
    ['tombstone_deletion_batches_table_idx', ['table_name', 'id']],
    ['tombstone_deletion_batches_actor_idx', ['actor_id', 'id']],
  ] as const;
  for (const [name, columns] of batches) {
    await db.schema
      .createIndex(name)
      .ifNotExists()
      .on('tombstone_deletion')
      .columns([...columns])
      .where(sql<boolean>`cause = 'direct' and open`)
      .execute();
  }
}
