import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SoftDeleteOutcome } from '../cascade/cascade-outcome.js';
import type { RowId } from '../cascade/row-id.js';
import type { TombstoneContext } from '../procedures/types.js';
import { type AtEnd, type Lifecycle, NO_LIFECYCLE } from './lifecycle.js';
import type { LifecycleKind } from './lifecycle-hooks.js';
import type { LifecycleStatement } from './lifecycle-statement.js';

/** The lifecycle of the context's tombstone (none without one). */
export function lifecycleOf(ctx: TombstoneContext): Lifecycle {
  return ctx.tombstone?.lifecycle ?? NO_LIFECYCLE;
}

/** Runs the hooks and the outbox of a soft delete's outcome, in its transaction. */
export async function afterSoftDelete(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  trx: Kysely<any>,
  ctx: TombstoneContext,
  outcome: SoftDeleteOutcome,
  actorId: RowId | null,
  atEnd?: AtEnd,
): Promise<void> {
  const lifecycle = lifecycleOf(ctx);
  if (outcome.batchId && lifecycle.active) {
    await lifecycle.run(trx, 'delete', outcome.batchId, actorId, outcome.statements ?? [], atEnd);
  }
}

/** Runs the hooks and the outbox of a restore's statements (none asked for: nothing), in its transaction. */
export async function afterRestore(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  trx: Kysely<any>,
  ctx: TombstoneContext,
  statements: readonly LifecycleStatement[] | undefined,
  actorId: RowId | null,
  atEnd?: AtEnd,
): Promise<void> {
  if (statements) await lifecycleOf(ctx).run(trx, 'restore', randomUUID(), actorId, statements, atEnd);
}

/**
 * Runs the hooks and the outbox of rows hard-deleted (or purged): the requested rows' statement
 * and those of the rows the database removed with them (see `collectCascadedRemovals`).
 */
export async function afterRowsGone(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  trx: Kysely<any>,
  lifecycle: Lifecycle,
  kind: Extract<LifecycleKind, 'hardDelete' | 'purge'>,
  statements: readonly LifecycleStatement[],
  actorId: RowId | null,
  atEnd?: AtEnd,
): Promise<void> {
  if (lifecycle.active) await lifecycle.run(trx, kind, randomUUID(), actorId, statements, atEnd);
}
