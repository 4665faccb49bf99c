import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { RestoreConflict } from '../cascade/cascade-outcome.js';
import { keyTypeOf, type RelationGraph, softDeleteColumnOf } from '../cascade/relation-graph.js';
import { openRowsOfBatches, restoreRows } from '../cascade/restore-rows.js';
import { canonicalId, canonicalIds, type RowId } from '../cascade/row-id.js';
import {
  AUDIT_TABLE,
  auditHasOpen,
  auditIdArray,
  auditOverlapHint,
  auditRowOpen,
} from '../cascade/soft-delete-sql.js';
import type { LifecycleStatement } from '../lifecycle/lifecycle-statement.js';
import type { DeleteJobRequest } from './delete-job.js';
import { type JobOptions, JobRun } from './job-context.js';
import { finishJob, insertJob, type TombstoneJob } from './job-store.js';
import { type JobConflict, restoreBatchEntries } from './restore-batch-entries.js';

/** What a restore job asks for: deleted rows of one table, by id, on behalf of an actor. */
export type RestoreJobRequest = DeleteJobRequest;

/** What a restore job did (also stored as the job's `result`). */
export interface RestoreJobResult {
  jobId: string;
  restored: RowId[];
  alreadyLive: RowId[];
  missing: RowId[];
  /** Requested rows left deleted (parent still deleted, or a unique key): nothing of theirs came back. */
  conflicts: RestoreConflict[];
  /** Rows restored in all, requested and cascaded. */
  rows: number;
  /** Rows under restored ones left in the trash for a unique key (at most 100 listed). */
  rowConflicts: JobConflict[];
}

/**
 * An exact restore of any size, in chunks: first the requested rows alone (each refused as
 * `restoreRows` refuses it: parent still deleted, unique key taken — then nothing of its tree
 * comes back), then what their deletes cascaded to, entry by entry of the audit trail, each
 * entry one transaction, parents before children, so no commit ever leaves a live row under a
 * deleted parent. Ids stay in the database. The job is a row of `tombstone_job`, updated with
 * every chunk and resumable after a crash with `resumeJobs`.
 *
 * Pass the database, not a transaction.
 *
 * @example
 * const result = await runRestoreJob(db, tombstone.graph, { table: 'workspace', ids: [7], actorId: 1 });
 * result.restored; // [7]
 * result.rows;     // 1,000,001
 */
export async function runRestoreJob(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  db: Kysely<any>,
  graph: RelationGraph,
  request: RestoreJobRequest,
  options: JobOptions = {},
): Promise<RestoreJobResult> {
  softDeleteColumnOf(graph, request.table);
  const { ids, original } = canonicalIds(request.ids, keyTypeOf(graph, request.table));
  const jobId = randomUUID();
  const batchIds = await openBatchesOf(db, graph, request.table, ids);
  const totalRows = await openRowsOfBatches(db, batchIds);
  await insertJob(db, {
    id: jobId,
    operation: 'restore',
    table: request.table,
    ids,
    batchIds,
    actorId: request.actorId,
    totalRows,
  });
  const state = { jobId, batchIds, totalRows, doneRows: 0, ...request, ids };
  const result = await continueRestoreJob(db, graph, state, options);
  // The requested ids in the form given (the job row keeps canonical ones).
  return {
    ...result,
    restored: result.restored.map(original),
    alreadyLive: result.alreadyLive.map(original),
    missing: result.missing.map(original),
    conflicts: result.conflicts.map((c) => ({ ...c, id: original(c.id) })),
  };
}

/** Runs (or, after a crash, resumes) the restore job `job` to its end. */
export function resumeRestoreJob(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  db: Kysely<any>,
  graph: RelationGraph,
  job: TombstoneJob,
  options: JobOptions = {},
): Promise<RestoreJobResult> {
  const type = keyTypeOf(graph, job.table);
  return continueRestoreJob(
    db,
    graph,
    {
      jobId: job.id,
      batchIds: job.batchIds,
      totalRows: job.totalRows,
      doneRows: job.doneRows,
      table: job.table,
      ids: job.ids.map((id) => canonicalId(id, type)),
      actorId: job.actorId,
    },
    options,
  );
}

interface RestoreJobState extends RestoreJobRequest {
  jobId: string;
  batchIds: readonly string[];
  totalRows: number | null;
  doneRows: number;
}

async function continueRestoreJob(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  db: Kysely<any>,
  graph: RelationGraph,
  state: RestoreJobState,
  options: JobOptions,
): Promise<RestoreJobResult> {
  const run = new JobRun(db, graph, state.jobId, state.actorId, state.totalRows, options);
  run.doneRows = state.doneRows;
  try {
    // The requested rows alone, in one chunk (at most 10,000 of them through the API).
    const roots = await run.chunk(
      async (trx, atEnd) => {
        const lifecycle = run.lifecycle;
        const outcome = await restoreRows(trx, graph, {
          table: state.table,
          ids: state.ids,
          actorId: state.actorId,
          alone: true,
          statements: lifecycle !== undefined,
        });
        if (lifecycle && outcome.statements) {
          await lifecycle.run(
            trx,
            'restore',
            state.jobId,
            state.actorId,
            outcome.statements as LifecycleStatement[],
            atEnd,
          );
        }
        return outcome;
      },
      (outcome) => outcome.restored.length,
    );
    const rest = await restoreBatchEntries(run, state.batchIds);
    const result: RestoreJobResult = {
      jobId: state.jobId,
      restored: roots.restored,
      alreadyLive: roots.alreadyLive,
      missing: roots.missing,
      conflicts: roots.conflicts,
      rows: run.doneRows,
      rowConflicts: rest.conflicts,
    };
    await finishJob(db, state.jobId, { status: 'done', result });
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishJob(db, state.jobId, { status: 'failed', error: message }).catch(() => undefined);
    throw error;
  }
}

/** The batch of each requested row's open audit entry (the delete that put it in the trash). */
async function openBatchesOf<DB>(
  db: Kysely<DB>,
  graph: RelationGraph,
  table: string,
  ids: readonly RowId[],
): Promise<string[]> {
  const { rows } = await sql<{ batch_id: string }>`
    select distinct d.batch_id::text as batch_id
    from ${sql.table(AUDIT_TABLE)} d
    cross join lateral unnest(d.row_ids) as u(row_id)
    join unnest(${auditIdArray(ids)}) as r(id) on r.id = u.row_id
    where d.table_name = ${table}::text and ${auditHasOpen('d')} ${auditOverlapHint('d', graph, table, ids)}
      and ${auditRowOpen('d', sql`u.row_id`)}
  `.execute(db);
  return rows.map((r) => r.batch_id);
}
