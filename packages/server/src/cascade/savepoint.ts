import { type Kysely, sql } from 'kysely';

/** A savepoint in progress: end it with exactly one of `release` or `rollback`. */
export interface Savepoint {
  /** Keeps what was done since the savepoint. */
  release(): Promise<void>;
  /** Undoes what was done since the savepoint and frees the row locks taken since. */
  rollback(): Promise<void>;
}

let sequence = 0;

/**
 * Opens a savepoint in `trx` (which must be a transaction). Names are unique per process, so
 * savepoints nest, including inside savepoints the caller opened.
 *
 * @example
 * const sp = await savepoint(trx);
 * try { await work(trx); await sp.release(); } catch (e) { await sp.rollback(); throw e; }
 */
export async function savepoint<DB>(trx: Kysely<DB>): Promise<Savepoint> {
  const name = sql.id(`tombstone_${++sequence}`);
  await sql`savepoint ${name}`.execute(trx);
  return {
    async release() {
      await sql`release savepoint ${name}`.execute(trx);
    },
    async rollback() {
      await sql`rollback to savepoint ${name}`.execute(trx);
      await sql`release savepoint ${name}`.execute(trx);
    },
  };
}

/**
 * Runs `fn` in `db` if it is a transaction already (the caller's, so the work commits or rolls
 * back with the caller's), or in a new transaction otherwise.
 *
 * @example
 * await inTransaction(db, (trx) => softDeleteRows(trx, graph, request));
 */
export function inTransaction<DB, TResult>(
  db: Kysely<DB>,
  fn: (trx: Kysely<DB>) => Promise<TResult>,
): Promise<TResult> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** SQLSTATE of a deadlock: PostgreSQL aborted this statement to break a lock cycle. */
const DEADLOCK = '40P01';

/**
 * Runs `fn` (which must undo its own work with a savepoint when it throws) and, when PostgreSQL
 * breaks a deadlock by aborting it, runs it again: the savepoint's rollback freed the locks, so
 * the other transaction finishes and the retry sees its result.
 */
export async function retryOnDeadlock<TResult>(fn: () => Promise<TResult>, attempts = 4): Promise<TResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || sqlState(error) !== DEADLOCK) throw error;
    }
  }
}

/** The SQLSTATE of a database error (`pg` and PGlite both expose it as `code`). */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
