import { randomUUID } from 'node:crypto';
import type { Batch, RestoreBatchResult } from '@tombstone/shared';
import { TRPCError } from '@trpc/server';
import { type Kysely, sql } from 'kysely';
import { purgeDeleted, type RelationGraph, type RowId, restoreRows } from '../../cascade/index.js';
import { isLargeOperation } from '../../cascade/large-operation.js';
import { type JobOptions, runRestoreJob } from '../../jobs/index.js';
import { jobOptionsFor } from '../../procedures/large-operations.js';
import type { Tombstone } from '../../procedures/tombstone.js';
import { runTransaction } from '../../procedures/transaction-policy.js';
import { findBatch } from './trash-batches.js';

// biome-ignore lint/suspicious/noExplicitAny: the audit tables and any soft-deletable table.
type Db = Kysely<any>;

/** Thrown to roll back a dry run (see {@link conflictOf}). */
class DryRun extends Error {}

/**
 * Restores exactly one batch: the rows its delete call deleted directly (still in the trash),
 * each with exactly the rows that call cascaded to. All or nothing: a row that cannot come back
 * (a parent deleted since, a unique value taken) makes it `CONFLICT`, explained as `restore` does.
 * Runs like the generated procedures: under the transaction policy, with the `afterRestore`
 * hooks and the outbox of `tombstone.lifecycle`.
 *
 * With the tombstone's `largeOperations`, a batch of more than `largeOperations.maxRows` rows is
 * restored as a chunked job (`runRestoreJob`) instead of one transaction: its direct rows are
 * checked first (and nothing is restored when one of them would conflict), then the job brings
 * everything back in chunks, visible in `admin.trash.jobs` while it runs.
 */
export async function restoreBatch(
  db: Db,
  tombstone: Pick<Tombstone, 'graph' | 'lifecycle' | 'transactions' | 'largeOperations'>,
  batchId: string,
  actorId: RowId | null,
): Promise<RestoreBatchResult> {
  const { graph, lifecycle } = tombstone;
  const jobs = jobOptionsFor(tombstone);
  try {
    return await runTransaction(
      db,
      async (trx, attempt) => {
        const batch = await restorableBatch(trx, graph, batchId);
        const statements = lifecycle.active;
        const outcome = await restoreRows(trx, graph, {
          table: batch.table,
          ids: batch.ids,
          actorId,
          statements,
          ...(jobs?.maxRows === undefined ? {} : { maxRows: jobs.maxRows }),
        });
        const conflict = outcome.conflicts[0];
        if (conflict) throw new TRPCError({ code: 'CONFLICT', message: conflict.message });
        if (outcome.statements) {
          await lifecycle.run(trx, 'restore', randomUUID(), actorId, outcome.statements, attempt.atEnd);
        }
        const restored: Record<string, number> = { [batch.table]: outcome.restored.length };
        for (const [table, count] of Object.entries(outcome.cascaded)) {
          restored[table] = (restored[table] ?? 0) + count;
        }
        return { batchId, restored };
      },
      tombstone.transactions,
    );
  } catch (error) {
    if (!jobs || !isLargeOperation(error)) throw error;
    return restoreBatchAsJob(db, graph, batchId, actorId, jobs);
  }
}

/** {@link restoreBatch} of a batch too large for one transaction, as a chunked job. */
async function restoreBatchAsJob(
  db: Db,
  graph: RelationGraph,
  batchId: string,
  actorId: RowId | null,
  jobs: JobOptions,
): Promise<RestoreBatchResult> {
  const batch = await restorableBatch(db, graph, batchId);
  const conflict = await conflictOf(db, graph, batch, actorId);
  if (conflict) throw new TRPCError({ code: 'CONFLICT', message: conflict });
  const done = await runRestoreJob(db, graph, { table: batch.table, ids: batch.ids, actorId }, jobs);
  // A conflict that appeared after the check (a parent deleted meanwhile).
  const late = done.conflicts[0];
  if (late) throw new TRPCError({ code: 'CONFLICT', message: late.message });
  // What came back per table: the batch's rows in the trash before the job, less those left.
  const after = await findBatch(db, graph, batchId);
  const restored: Record<string, number> = {};
  for (const [table, count] of Object.entries(batch.counts)) {
    const back = count - (after.counts[table] ?? 0);
    if (back > 0 || table === batch.table) restored[table] = back;
  }
  return { batchId, restored };
}

/** The batch, or `NOT_FOUND` when none of its direct rows is left in the trash. */
async function restorableBatch(db: Db, graph: RelationGraph, batchId: string): Promise<Batch> {
  const batch = await findBatch(db, graph, batchId);
  if (batch.ids.length === 0) {
    throw new TRPCError({ code: 'NOT_FOUND', message: `Batch ${batchId} has nothing left in the trash.` });
  }
  return batch;
}

/**
 * Why the batch's direct rows could not come back (a parent still deleted, a unique value
 * taken), or `undefined`: their restore alone, rolled back. Keeps the job path all or nothing.
 */
async function conflictOf(
  db: Db,
  graph: RelationGraph,
  batch: Batch,
  actorId: RowId | null,
): Promise<string | undefined> {
  let message: string | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      const outcome = await restoreRows(trx, graph, {
        table: batch.table,
        ids: batch.ids,
        actorId,
        alone: true,
      });
      message = outcome.conflicts[0]?.message;
      throw new DryRun();
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  return message;
}

/** Puts a batch under a legal hold (or changes the reason of its hold). `NOT_FOUND` for an unknown batch. */
export async function holdBatch(
  db: Db,
  graph: RelationGraph,
  input: { batchId: string; reason: string },
  actorId: RowId | null,
): Promise<{ batchId: string; held: boolean }> {
  await findBatch(db, graph, input.batchId);
  await sql`
    insert into tombstone_hold (batch_id, reason, held_by) values (${input.batchId}::uuid, ${input.reason}, ${actorId === null ? null : String(actorId)})
    on conflict (batch_id) do update set reason = excluded.reason, held_by = excluded.held_by, held_at = now()
  `.execute(db);
  return { batchId: input.batchId, held: true };
}

/** Releases a batch's legal hold; `NOT_FOUND` when it is not held. */
export async function releaseBatch(db: Db, batchId: string): Promise<{ batchId: string; held: boolean }> {
  const { rows } = await sql<{ batch_id: string }>`
    delete from tombstone_hold where batch_id = ${batchId}::uuid returning batch_id
  `.execute(db);
  if (rows.length === 0)
    throw new TRPCError({ code: 'NOT_FOUND', message: `Batch ${batchId} is not under a hold.` });
  return { batchId, held: false };
}

/** The retention purge's dry run: what `purgeDeleted` would hard-delete, keep, and skip for holds. */
export async function purgePreview(db: Db, graph: RelationGraph, olderThan: Date) {
  const result = await purgeDeleted(db, graph, { olderThan, dryRun: true });
  return {
    olderThan: result.olderThan.toISOString(),
    tables: result.tables,
    kept: result.kept,
    held: result.held,
    total: result.total,
  };
}
