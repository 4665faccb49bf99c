import { type Kysely, type SqlBool, sql } from 'kysely';
import { createTrashConsoleTables } from './trash-console-migration.js';

/**
 * The audit trail of soft deletes (`tombstone_deletion`), grouped: ONE row per set-based statement
 * of a delete — per (batch, table, cause, parent table) and cascade level — holding the ids it
 * flagged as arrays. A cascade of 10,000 rows writes a handful of audit rows, not 10,000.
 *
 * Ids are stored as text (`id::text`), whatever the key's type (integer, bigint, uuid, text):
 * one audit table serves every table without loss; lookups cast them back to the key's type
 * (`u.row_id::uuid = c.id`) so the table's index is used. `actor_id` / `restored_by` are text too.
 *
 * - `row_ids`: the rows the statement soft-deleted;
 * - `parent_ids`: for cascaded rows, parallel to `row_ids`, the id of the `parent_table` row each
 *   was cascaded from (`null` for a direct delete);
 * - `restored_ids` / `purged_ids`: the rows of the group restored since, or purged by the
 *   retention purge (disjoint subsets of `row_ids`). A row is "in the trash" through this entry
 *   while it is in neither; `restored_at` / `restored_by` tell the latest restore of the group;
 *   the generated `open` tells whether any row of the entry is still in the trash.
 *
 * No foreign keys: an audit row outlives a purge of the rows it describes. Two indexes, both
 * paid once per statement rather than once per row: GIN on the `row_ids` of open entries (a
 * restore or a purge finds the open entry of a row with `row_ids @> array[id]` /
 * `row_ids && ids`) and btree on `batch_id` (a restore follows a batch's cascade groups). The GIN
 * index is partial (`where open`, see {@link OPEN_ROWS_INDEX}): closing an entry would otherwise
 * index every one of its ids again, since that update changes `open` and so is never a HOT update.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tombstone_deletion')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('batch_id', 'uuid', (c) => c.notNull())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull().check(sql`cause in ('direct', 'cascade')`))
    .addColumn('parent_table', 'text')
    .addColumn('row_ids', sql`text[]`, (c) => c.notNull())
    .addColumn('parent_ids', sql`text[]`)
    .addColumn('actor_id', 'text')
    .addColumn('deleted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('restored_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('restored_at', 'timestamptz')
    .addColumn('restored_by', 'text')
    .addColumn('purged_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    // Whether any row of the entry is still in the trash, stored with the tuple: filters on it
    // skip closed entries without reading (detoasting) their arrays.
    .addColumn('open', 'boolean', (c) =>
      c
        .generatedAlwaysAs(sql`cardinality(row_ids) > cardinality(restored_ids) + cardinality(purged_ids)`)
        .stored(),
    )
    .addCheckConstraint(
      'tombstone_deletion_parents_check',
      sql`case when cause = 'direct' then parent_ids is null and parent_table is null
               else parent_table is not null and cardinality(parent_ids) = cardinality(row_ids) end`,
    )
    .execute();
  await createOpenRowsIndex(db);
  await db.schema
    .createIndex('tombstone_deletion_batch_idx')
    .on('tombstone_deletion')
    .column('batch_id')
    .execute();
  await createTrashConsoleTables(db);
}

/** The GIN index on the ids of open entries, by name. */
export const OPEN_ROWS_INDEX = 'tombstone_deletion_row_ids_idx';

/**
 * GIN on `row_ids`, for open entries only: every lookup of a row's entry asks for an open one
 * (`d.open and d.row_ids @> …`), and an entry that closes (all its rows restored or purged)
 * leaves the index instead of being indexed again. Without the predicate a restore of 1,000,000
 * rows wrote every id into the index a second time: 2.5 s of its 10–11 s and 250 MB of WAL.
 */
export async function createOpenRowsIndex(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex(OPEN_ROWS_INDEX)
    .on('tombstone_deletion')
    .using('gin')
    .column('row_ids')
    .where(sql<SqlBool>`open`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tombstone_hold').ifExists().execute();
  await db.schema.dropTable('tombstone_deletion').execute();
}
