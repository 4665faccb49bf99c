import type { Kysely } from 'kysely';
import type { RowId } from '../cascade/row-id.js';
import type { LifecycleStatement } from './lifecycle-statement.js';

/** The operations hooks and the outbox observe. */
export type LifecycleKind = 'delete' | 'restore' | 'hardDelete' | 'purge';

/**
 * What a hook receives: one statement's rows (one table), the batch it belongs to, who acted,
 * and the transaction it runs in — write to `trx` and your writes commit or roll back with it.
 */
export interface LifecycleEvent<DB = unknown, TTable extends string = string> extends LifecycleStatement {
  table: TTable;
  /** Shared by every statement of one operation (a delete's audit `batch_id`). */
  batchId: string;
  actorId: RowId | null;
  trx: Kysely<DB>;
}

/** A hook: set-level, called once per statement, inside the transaction. */
export type LifecycleHook<DB = unknown, TTable extends string = string> = (
  event: LifecycleEvent<DB, TTable>,
) => void | Promise<void>;

/**
 * Hooks of a table (the `hooks` option of `softDeleteProcedures`) or of every table (the
 * `hooks` option of `createTombstone`). Each is called once per statement — the requested rows
 * and every cascaded level alike — inside the operation's transaction; a hook that throws rolls
 * the whole operation back. `beforeDelete` runs after the delete's statements have flagged their
 * rows and before anything else (the outbox, `afterDelete`, the commit): throw to veto. The
 * `after…` hooks run last, once the operation's statements are done, and once per call even when
 * the transaction is retried (a retryable failure after them answers `CONFLICT`).
 *
 * @example
 * const hooks: LifecycleHooks<Database, 'article'> = {
 *   beforeDelete: ({ ids }) => { if (ids.length > 1000) throw new TRPCError({ code: 'BAD_REQUEST' }); },
 *   afterDelete: async ({ trx, ids }) => { await trx.insertInto('search_queue').values(...).execute(); },
 * };
 */
export interface LifecycleHooks<DB = unknown, TTable extends string = string> {
  beforeDelete?: LifecycleHook<DB, TTable>;
  afterDelete?: LifecycleHook<DB, TTable>;
  afterRestore?: LifecycleHook<DB, TTable>;
  afterHardDelete?: LifecycleHook<DB, TTable>;
  afterPurge?: LifecycleHook<DB, TTable>;
}
