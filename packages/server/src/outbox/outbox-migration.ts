import { type Kysely, type Migration, sql } from 'kysely';

/** The outbox table's name. */
export const OUTBOX_TABLE = 'tombstone_event';

/**
 * The transactional outbox (`tombstone_event`): ONE row per operation batch and table — a delete,
 * restore, hard delete or purge chunk — written in the operation's own transaction, so an event
 * exists exactly when its change committed. `row_ids` holds the ids as text (like the audit
 * trail), `row_count` their number. A consumer claims pending rows (`processed_at is null` and
 * `next_attempt_at <= now()`) with `FOR UPDATE SKIP LOCKED`; a failure bumps `attempts`, stores
 * `last_error` and pushes `next_attempt_at` back. The partial index serves exactly that claim.
 */
async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable(OUTBOX_TABLE)
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('batch_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('delete', 'restore', 'hardDelete', 'purge')`),
    )
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('row_ids', sql`text[]`, (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .addColumn('processed_at', 'timestamptz')
    .execute();
  await sql`create index tombstone_event_pending_idx on tombstone_event (next_attempt_at, id) where processed_at is null`.execute(
    db,
  );
}

async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable(OUTBOX_TABLE).execute();
}

/**
 * The outbox table (`tombstone_event`) as a Kysely `Migration`, opt-in: add it to your migrations
 * and pass `outbox: true` to `createTombstone`. For other migration tools the same DDL ships as
 * `@tombstone/server/sql/tombstone-event.sql`.
 *
 * @example
 * provider: { getMigrations: async () => ({ ...mine, '2026-12-01-tombstone': tombstoneMigration, '2026-12-02-outbox': tombstoneOutboxMigration }) }
 */
export const tombstoneOutboxMigration: Migration = { up, down };
