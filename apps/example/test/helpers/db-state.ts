import type { ReferenceDb } from './reference-database.js';

type Db = ReferenceDb;

/** The tables of the reference schema, plus the audit trail of soft deletes. */
export const SNAPSHOT_TABLES = [
  'author',
  'category',
  'article',
  'comment',
  'api_token',
  'tombstone_deletion',
] as const;

export type SnapshotTable = (typeof SNAPSHOT_TABLES)[number];
export type Snapshot = Record<SnapshotTable, unknown[]>;

/**
 * Every row of every table, ordered by id: compare a snapshot taken before a denied request with
 * one taken after to prove that the request changed nothing.
 */
export async function snapshot(db: Db): Promise<Snapshot> {
  const entries = await Promise.all(
    SNAPSHOT_TABLES.map(
      async (table) => [table, await db.selectFrom(table).selectAll().orderBy('id').execute()] as const,
    ),
  );
  return Object.fromEntries(entries) as Snapshot;
}

/** The soft-deletable tables and how each marks a deleted row. */
export type SoftTable = 'author' | 'category' | 'article' | 'comment';

/** Whether the row is soft-deleted; `undefined` when no row has that id (hard-deleted). */
export async function deletedState(db: Db, table: SoftTable, id: number): Promise<boolean | undefined> {
  if (table === 'category') {
    const row = await db.selectFrom('category').select('deleted_at').where('id', '=', id).executeTakeFirst();
    return row ? row.deleted_at !== null : undefined;
  }
  const row = await db.selectFrom(table).select('is_deleted').where('id', '=', id).executeTakeFirst();
  return row?.is_deleted;
}

/** The ids of the table's soft-deleted rows, ascending. */
export async function deletedIds(db: Db, table: SoftTable): Promise<number[]> {
  const rows =
    table === 'category'
      ? await db
          .selectFrom('category')
          .select('id')
          .where('deleted_at', 'is not', null)
          .orderBy('id')
          .execute()
      : await db.selectFrom(table).select('id').where('is_deleted', '=', true).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** The ids of the table's live rows, ascending. */
export async function liveIds(db: Db, table: SoftTable): Promise<number[]> {
  const rows =
    table === 'category'
      ? await db.selectFrom('category').select('id').where('deleted_at', 'is', null).orderBy('id').execute()
      : await db.selectFrom(table).select('id').where('is_deleted', '=', false).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/**
 * The open (not restored) audit records of one row: when it was deleted, and by whom. The audit
 * trail groups the rows of one delete statement in one entry (`row_ids`); this picks the entries
 * holding the row and not listing it in `restored_ids`.
 */
export async function openDeletions(db: Db, table: SoftTable, id: number) {
  return (
    db
      .selectFrom('tombstone_deletion')
      // The audit trail stores ids and actors as text; the reference schema's are integers.
      .select((eb) => [
        'deleted_at',
        eb.cast<number | null>('actor_id', 'integer').as('actor_id'),
        'cause',
        'batch_id',
      ])
      .where('table_name', '=', table)
      .where((eb) => eb(eb.val(String(id)), '=', eb.fn.any('row_ids')))
      .where((eb) => eb.not(eb(eb.val(String(id)), '=', eb.fn.any('restored_ids'))))
      .orderBy('id')
      .execute()
  );
}

/** The category's `deleted_at`, or `null` when it is live. */
export async function categoryDeletedAt(db: Db, id: number): Promise<Date | null> {
  const row = await db
    .selectFrom('category')
    .select('deleted_at')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.deleted_at;
}

/** Children first, so no foreign key is ever violated. */
const CLEAR_ORDER = ['tombstone_deletion', 'api_token', 'comment', 'article', 'category', 'author'] as const;

/**
 * Empties the reference tables and restarts their identities, in one transaction: the ids of the
 * next seed are the same every time. Several times faster than `TRUNCATE` on PostgreSQL for
 * tables this small (no new relation files to create and sync).
 */
export async function clearData(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('tombstone_hold').execute();
    await trx.deleteFrom('tombstone_job').execute();
    for (const table of CLEAR_ORDER) await trx.deleteFrom(table).execute();
    await trx
      .selectNoFrom((eb) =>
        CLEAR_ORDER.map((table) =>
          eb
            .fn('setval', [
              eb.fn('pg_get_serial_sequence', [eb.val(table), eb.val('id')]),
              eb.lit(1),
              eb.lit(false),
            ])
            .as(`restart_${table}`),
        ),
      )
      .execute();
  });
}
