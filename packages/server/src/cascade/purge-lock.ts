import { type Kysely, sql } from 'kysely';

/** The advisory lock key of the retention purge: one purge at a time per database. */
export const PURGE_LOCK_KEY = 7_361_102_933;

/** Thrown by `purgeDeleted` when another purge holds the lock and `waitForLock` is off. */
export class PurgeInProgressError extends Error {
  constructor() {
    super(
      'Another retention purge is running on this database (advisory lock held); this one did nothing. Run it again when that one has finished.',
    );
    this.name = 'PurgeInProgressError';
  }
}

/**
 * Runs `work` holding the purge's session-level advisory lock, on one pinned connection (chunks
 * still commit one by one), so at most one purge runs at a time across processes. Without
 * `wait` a held lock throws {@link PurgeInProgressError} at once; with it, the call waits.
 *
 * @example
 * await withPurgeLock(db, false, (conn) => purgeChunks(conn));
 */
export async function withPurgeLock<DB, T>(
  db: Kysely<DB>,
  wait: boolean,
  work: (conn: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) {
    // The caller's transaction: a transaction-level lock, released at its end.
    return lockOnce(db, wait, 'xact', work);
  }
  return db.connection().execute(async (conn) => {
    try {
      return await lockOnce(conn, wait, 'session', work);
    } finally {
      await sql`select pg_advisory_unlock(${PURGE_LOCK_KEY}::bigint)`.execute(conn).catch(() => {});
    }
  });
}

async function lockOnce<DB, T>(
  conn: Kysely<DB>,
  wait: boolean,
  level: 'xact' | 'session',
  work: (conn: Kysely<DB>) => Promise<T>,
): Promise<T> {
  const fn = sql.raw(`pg${wait ? '' : '_try'}${level === 'xact' ? '_advisory_xact_lock' : '_advisory_lock'}`);
  const { rows } = await sql<{ locked: boolean | string | null }>`
    select ${fn}(${PURGE_LOCK_KEY}::bigint)::text as locked
  `.execute(conn);
  // pg_advisory_lock returns void (''), pg_try_advisory_lock a boolean.
  if (!wait && rows[0]?.locked !== 'true') throw new PurgeInProgressError();
  return work(conn);
}
