import type { Kysely } from 'kysely';
import type { SoftDeleteOutcome, SoftDeleteRequest } from './cascade-outcome.js';
import type { RelationGraph } from './relation-graph.js';
import { savepoint } from './savepoint.js';
import { softDeleteRows } from './soft-delete-rows.js';

/** What a soft delete would do, computed by running it and rolling it back. */
export interface DeletePreview {
  /** Rows that would be soft-deleted, per table (the requested ones and their cascade). */
  deletes: { table: string; count: number }[];
  /** Live rows that would block, per table and RESTRICT / NO ACTION constraint. */
  blocked: { table: string; count: number; constraint: string; message: string }[];
  /** The outcome the real delete would have (ids, batch id of the rolled-back run). */
  outcome: SoftDeleteOutcome;
}

/** Thrown inside the preview's transaction to roll it back with the outcome in hand. */
class RolledBack extends Error {
  constructor(readonly outcome: SoftDeleteOutcome) {
    super('preview rolled back');
  }
}

/**
 * Previews {@link softDeleteRows}: runs the very same cascade inside a savepoint (when `db` is a
 * transaction) or a transaction that is always rolled back, and reports what it did. Preview and
 * outcome cannot disagree: they are the same code on the same rows (the real delete, run right
 * after in another transaction, differs only if other writers changed the rows meanwhile).
 *
 * @example
 * const preview = await previewSoftDelete(db, graph, { table: 'article', ids: [7], actorId: null });
 * preview.deletes; // [{ table: 'article', count: 1 }, { table: 'comment', count: 12 }]
 */
export async function previewSoftDelete(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema (and its transactions).
  db: Kysely<any>,
  graph: RelationGraph,
  request: SoftDeleteRequest,
): Promise<DeletePreview> {
  return summarize(request.table, await runAndRollBack(db, graph, request));
}

async function runAndRollBack(
  // biome-ignore lint/suspicious/noExplicitAny: any schema.
  db: Kysely<any>,
  graph: RelationGraph,
  request: SoftDeleteRequest,
): Promise<SoftDeleteOutcome> {
  if (db.isTransaction) {
    const sp = await savepoint(db);
    try {
      return await softDeleteRows(db, graph, request);
    } finally {
      await sp.rollback();
    }
  }
  try {
    await db.transaction().execute(async (trx) => {
      throw new RolledBack(await softDeleteRows(trx, graph, request));
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.outcome;
    throw error;
  }
  throw new Error('unreachable: the preview transaction always rolls back');
}

function summarize(table: string, outcome: SoftDeleteOutcome): DeletePreview {
  const counts = new Map<string, number>();
  if (outcome.deleted.length > 0) counts.set(table, outcome.deleted.length);
  for (const [name, count] of Object.entries(outcome.cascaded)) {
    counts.set(name, (counts.get(name) ?? 0) + count);
  }
  const deletes = [...counts].map(([name, count]) => ({ table: name, count }));
  return {
    deletes,
    blocked: groupBlocks(outcome),
    outcome,
  };
}

function groupBlocks(outcome: SoftDeleteOutcome): DeletePreview['blocked'] {
  const groups = new Map<string, DeletePreview['blocked'][number]>();
  for (const block of outcome.blocked) {
    const key = `${block.table}\u0000${block.constraint}`;
    const group = groups.get(key);
    if (group) group.count += block.count;
    else
      groups.set(key, {
        table: block.table,
        count: block.count,
        constraint: block.constraint,
        message: block.message,
      });
  }
  return [...groups.values()];
}
