import { type Kysely, type Migration, sql } from 'kysely';

/** The job table's name. */
export const JOB_TABLE = 'tombstone_job';

/**
 * Large deletes and restores run as jobs (`tombstone_job`): one row per job, written before its
 * first chunk and updated in the same transaction as every chunk, so `done_rows` is exactly what
 * has committed. `row_ids` are the requested ids (as text, like the audit trail), `batch_ids` the
 * audit batches the job writes (a delete: its own) or brings back (a restore). A process that
 * dies leaves its job `running` with an old `heartbeat_at`: `resumeJobs` claims and finishes it.
 * The partial index serves exactly that claim.
 */
async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable(JOB_TABLE)
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('operation', 'text', (c) => c.notNull().check(sql`operation in ('delete', 'restore')`))
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('row_ids', sql`text[]`, (c) => c.notNull())
    .addColumn('batch_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('actor_id', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('running').check(sql`status in ('running', 'done', 'failed')`),
    )
    .addColumn('done_rows', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('total_rows', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('result', 'jsonb')
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('heartbeat_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await sql`create index tombstone_job_running_idx on tombstone_job (heartbeat_at) where status = 'running'`.execute(
    db,
  );
}

async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable(JOB_TABLE).execute();
}

/**
 * The job table (`tombstone_job`) as a Kysely `Migration`. With it, deletes and restores larger
 * than `largeOperations.maxRows` run in chunks of their own transactions, resumable after a crash;
 * without it they stay one transaction, whatever their size. For other migration tools the same
 * DDL ships as `@tombstone/server/sql/tombstone-job.sql`.
 *
 * @example
 * provider: { getMigrations: async () => ({ ...mine, '2026-12-01-tombstone': tombstoneMigration, '2026-12-03-jobs': tombstoneJobMigration }) }
 */
export const tombstoneJobMigration: Migration = { up, down };
