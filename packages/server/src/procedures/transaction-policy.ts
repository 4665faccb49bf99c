import { TRPCError } from '@trpc/server';
import { type Kysely, sql } from 'kysely';
import { sqlState } from '../cascade/savepoint.js';

/** One retry of a whole transaction, as {@link TransactionPolicy.onRetry} sees it. */
export interface TransactionRetry {
  /** The attempt that failed (1 = the first run). */
  attempt: number;
  /** SQLSTATE that caused it: `40001` serialization failure, `40P01` deadlock, `55P03` lock timeout. */
  code: string;
  /** How long the retry waits before it starts, in milliseconds. */
  delayMs: number;
}

/**
 * How the generated procedures run their write transactions (`createTombstone(db, router,
 * { transactions })`). A transaction that PostgreSQL aborts for a serialization failure, a
 * deadlock or a lock wait over `lockTimeoutMs` is rolled back and run again from the start, with
 * jittered exponential back-off, at most `maxAttempts` times in all; then the caller gets
 * `CONFLICT`.
 */
export interface TransactionPolicy {
  /** `SET LOCAL lock_timeout` of every write transaction; `0` waits for ever. Default 5,000 ms. */
  lockTimeoutMs?: number;
  /** Runs in all, the first included. Default 5. */
  maxAttempts?: number;
  /** Back-off base: attempt n waits a random time in [0, base · 2^(n-1)). Default 20 ms. */
  backoffMs?: number;
  /** Called before every retry (metrics, logs). */
  onRetry?: (retry: TransactionRetry) => void;
}

/** SQLSTATEs after which the whole transaction is run again. */
export const RETRYABLE_STATES: Readonly<Record<string, string>> = {
  '40001': 'a serialization failure',
  '40P01': 'a deadlock',
  '55P03': 'a lock wait time-out',
};

/**
 * One run of a transaction's work, as `work` sees it. Steps queued with `atEnd` run after `work`
 * returned, in the same transaction, just before the commit — and from then on the attempt is
 * final: a failure is no longer retried (a retryable one answers `CONFLICT`), so nothing queued
 * there ever runs twice for one call. The generated procedures queue their `after…` hooks here.
 */
export interface TransactionAttempt {
  /** 1 for the first run. */
  readonly number: number;
  /** Queues `step` to run once `work` has returned, inside the transaction. */
  atEnd(step: () => Promise<void>): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` in a new transaction under `policy`: bounded lock waits, whole-transaction retries
 * on `40001` / `40P01` / `55P03`, then `CONFLICT`. Other errors are thrown unchanged. `work` may
 * run more than once, so it must not have effects outside the database; what must run once per
 * call goes in `attempt.atEnd` (see {@link TransactionAttempt}).
 *
 * @example
 * const row = await runTransaction(db, (trx) => trx.updateTable('article').set({ title }).where('id', '=', 1)
 *   .returningAll().executeTakeFirstOrThrow(), { lockTimeoutMs: 2_000, maxAttempts: 4 });
 */
export async function runTransaction<DB, T>(
  db: Kysely<DB>,
  work: (trx: Kysely<DB>, attempt: TransactionAttempt) => Promise<T>,
  policy: TransactionPolicy = {},
): Promise<T> {
  const lockTimeout = Math.max(0, Math.floor(policy.lockTimeoutMs ?? 5_000));
  const maxAttempts = Math.max(1, Math.floor(policy.maxAttempts ?? 5));
  const backoff = Math.max(0, policy.backoffMs ?? 20);
  for (let attempt = 1; ; attempt++) {
    let final = false;
    try {
      return await db.transaction().execute(async (trx) => {
        await sql`select set_config('lock_timeout', ${`${lockTimeout}ms`}, true)`.execute(trx);
        const steps: Array<() => Promise<void>> = [];
        const result = await work(trx, { number: attempt, atEnd: (step) => steps.push(step) });
        final = steps.length > 0;
        for (const step of steps) await step();
        return result;
      });
    } catch (error) {
      const code = sqlState(error);
      const reason = code === undefined ? undefined : RETRYABLE_STATES[code];
      if (code === undefined || reason === undefined) throw error;
      if (final || attempt >= maxAttempts) {
        const when = final ? `after its hooks ran, attempt ${attempt}` : `${attempt} attempts`;
        throw new TRPCError({
          code: 'CONFLICT',
          message: `Other requests are changing the same rows (${reason}, ${when}). Nothing was changed; try again.`,
          cause: error,
        });
      }
      const delayMs = Math.random() * backoff * 2 ** (attempt - 1);
      policy.onRetry?.({ attempt, code, delayMs });
      await sleep(delayMs);
    }
  }
}
