import { randomUUID } from 'node:crypto';
import type { RestoreBatchResult } from '@tombstone/shared';
import { TRPCError } from '@trpc/server';
import { type Kysely, sql } from 'kysely';
import { purgeDeleted, type RelationGraph, type RowId, restoreRows } from '../../cascade/index.js';
import type { Tombstone } from '../../procedures/tombstone.js';
import { runTransaction } from '../../procedures/transaction-policy.js';
import { findBatch } from './trash-batches.js';

// biome-ignore lint/suspicious/noExplicitAny: the audit tables and any soft-deletable table.
type Db = Kysely<any>;

/**
 * Restores exactly one batch: the rows its delete call deleted directly (still in the trash),
 * each with exactly the rows that call cascaded to. All or nothing: a row that cannot come back
 * (a parent deleted since, a unique value taken) makes it `CONFLICT`, explained as `restore` does.
 * Runs like the generated procedures: under the transaction policy, with the `afterRestore`
 * hooks and the outbox of `tombstone.lifecycle`.
 */
export async function restoreBatch(
  db: Db,
  tombstone: Pick<Tombstone, 'graph' | 'lifecycle' | 'transactions'>,
  batchId: string,
  actorId: RowId | null,
): Promise<RestoreBatchResult> {
  const { graph, lifecycle } = tombstone;
  return runTransaction(
    db,
    async (trx, attempt) => {
      const batch = await findBatch(trx, graph, batchId);
      if (batch.ids.length === 0) {
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `Batch ${batchId} has nothing left in the trash.`,
        });
      }
      const statements = lifecycle.active;
      const outcome = await restoreRows(trx, graph, {
        table: batch.table,
        ids: batch.ids,
        actorId,
        statements,
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
