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
 * No foreign keys: an audit row outlives a purge of the rows it describes. Its indexes are paid
 * once per statement, and per parent rather than per row: GIN on the `row_ids` of open direct
 * entries and on the `parent_ids` of open cascade entries (a restore or a purge finds the open
 * entry of a row through its id or its parent; see {@link createOpenRowsIndex}), and btree on
 * `batch_id` (a restore follows a batch's cascade groups).
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

/** The GIN index on the ids of open direct entries, by name. */
export const OPEN_ROWS_INDEX = 'tombstone_deletion_row_ids_idx';

/** The GIN index on the parents of open cascade entries, by name. */
export const CASCADE_PARENTS_INDEX = 'tombstone_deletion_parent_ids_idx';

/**
 * The two GIN indexes that find the open entry of a row, both partial (`where open`): every
 * lookup asks for an open entry, and an entry that closes (all its rows restored or purged) leaves
 * the indexes instead of being indexed again (closing changes `open`, so it is never a HOT
 * update; without the predicate a restore of 1,000,000 rows wrote every id into the index a
 * second time: 2.5 s of its 10–11 s and 250 MB of WAL).
 *
 * - {@link OPEN_ROWS_INDEX}: the `row_ids` of direct entries (the rows a caller asked to delete);
 * - {@link CASCADE_PARENTS_INDEX}: the `parent_ids` of cascade entries. A cascaded row's entry is
 *   found through the parent it was cascaded from (the row's foreign key), so a cascade adds one
 *   key per parent to the index, not one per row: indexing every id of a 1,000,000-row cascade
 *   cost about 2 s of its 8–9 s.
 */
export async function createOpenRowsIndex(db: Kysely<unknown>): Promise<void> {
  const indexes = [
    [OPEN_ROWS_INDEX, 'row_ids', 'direct'],
    [CASCADE_PARENTS_INDEX, 'parent_ids', 'cascade'],
  ] as const;
  for (const [name, column, cause] of indexes) {
    await db.schema
      .createIndex(name)
      .on('tombstone_deletion')
      .using('gin')
      .column(column)
      .where(sql<SqlBool>`open and cause = ${sql.lit(cause)}`)
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tombstone_hold').ifExists().execute();
  await db.schema.dropTable('tombstone_deletion').execute();
}
