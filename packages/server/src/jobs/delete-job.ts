import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { CascadeBlock, SoftDeleteOutcome } from '../cascade/cascade-outcome.js';
import { isLargeOperation } from '../cascade/large-operation.js';
import {
  idColumnOf,
  keyTypeOf,
  type Relation,
  type RelationGraph,
  softDeleteColumnOf,
} from '../cascade/relation-graph.js';
import { canonicalId, canonicalIds, type RowId } from '../cascade/row-id.js';
import { softDeleteRows } from '../cascade/soft-delete-rows.js';
import { idArray, isLive, keyOut } from '../cascade/soft-delete-sql.js';
import { estimateDelete } from './estimate-delete.js';
import { type JobOptions, JobRun } from './job-context.js';
import { finishJob, insertJob, setJobTotal, type TombstoneJob } from './job-store.js';
import { type JobConflict, restoreBatchEntries } from './restore-batch-entries.js';
import { runConcurrently } from './run-concurrently.js';

/** What a delete job asks for: rows of one table, by id, on behalf of an actor. */
export interface DeleteJobRequest {
  table: string;
  ids: readonly RowId[];
  actorId: RowId | null;
  /**
   * The caller already found the whole operation larger than `maxRows` (a `LargeOperationError`):
   * the job does not try it in one chunk first. Default `false`.
   */
  knownLarge?: boolean;
}

/** What a delete job did (also stored as the job's `result`). */
export interface DeleteJobResult {
  jobId: string;
  /** The audit batch every chunk wrote: restoring a requested row brings back exactly it. */
  batchId: string;
  deleted: RowId[];
  alreadyDeleted: RowId[];
  missing: RowId[];
  /** Requested rows a live RESTRICT / NO ACTION child refused: what the job had flagged under them is back. */
  blocked: CascadeBlock[];
  /** Rows soft-deleted in all, requested and cascaded. */
  rows: number;
  /** Rows the job flagged and then put back because their requested row was blocked. */
  undone: number;
  /** Rows of that undo left in the trash for a unique key (rare: see `restoreBatchEntries`). */
  conflicts: JobConflict[];
}

/**
 * A soft delete of any size, in chunks: each chunk is its own transaction of at most `maxRows`
 * rows, and children are flagged before their parents, so every commit keeps the invariant that
 * no live row references a deleted parent through a CASCADE key; the requested rows are flagged
 * last (with whatever children appeared meanwhile), in one final chunk. Memory stays flat: ids
 * come to the process one bounded chunk at a time.
 *
 * The job is a row of `tombstone_job` (see `tombstoneJobMigration`) updated with every chunk:
 * `resumeJobs` finishes it after a crash, since every chunk only flags rows that are still live.
 * Every chunk writes into one audit batch, so an exact restore of a requested row brings back
 * precisely what the whole job took. A requested row refused by a RESTRICT key gets back what
 * the job had already flagged under it, and is reported in `blocked`.
 *
 * Pass the database, not a transaction.
 *
 * @example
 * const result = await runDeleteJob(db, tombstone.graph, { table: 'workspace', ids: [7], actorId: 1 }, {
 *   maxRows: 50_000,
 *   onProgress: ({ doneRows, totalRows }) => console.log(`${doneRows}/${totalRows}`),
 * });
 * result.deleted; // [7]
 */
export async function runDeleteJob(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  db: Kysely<any>,
  graph: RelationGraph,
  request: DeleteJobRequest,
  options: JobOptions = {},
): Promise<DeleteJobResult> {
  softDeleteColumnOf(graph, request.table);
  const { ids, original } = canonicalIds(request.ids, keyTypeOf(graph, request.table));
  const jobId = randomUUID();
  const batchId = randomUUID();
  await insertJob(db, {
    id: jobId,
    operation: 'delete',
    table: request.table,
    ids,
    batchIds: [batchId],
    actorId: request.actorId,
    totalRows: null,
  });
  const state = { jobId, batchId, ...request, ids, totalRows: null };
  const result = await continueDeleteJob(db, graph, state, options);
  // The requested ids in the form given (the job row keeps canonical ones).
  return {
    ...result,
    deleted: result.deleted.map(original),
    alreadyDeleted: result.alreadyDeleted.map(original),
    missing: result.missing.map(original),
    blocked: result.blocked.map((b) => ({ ...b, id: original(b.id) })),
  };
}

/** Runs (or, after a crash, resumes) the delete job `job` to its end. */
export function resumeDeleteJob(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  db: Kysely<any>,
  graph: RelationGraph,
  job: TombstoneJob,
  options: JobOptions = {},
): Promise<DeleteJobResult> {
  const type = keyTypeOf(graph, job.table);
  return continueDeleteJob(
    db,
    graph,
    {
      jobId: job.id,
      batchId: job.batchIds[0] ?? randomUUID(),
      table: job.table,
      ids: job.ids.map((id) => canonicalId(id, type)),
      actorId: job.actorId,
      totalRows: job.totalRows,
      doneRows: job.doneRows,
    },
    options,
  );
}

interface DeleteJobState extends DeleteJobRequest {
  jobId: string;
  batchId: string;
  totalRows: number | null;
  doneRows?: number;
}

async function continueDeleteJob(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  db: Kysely<any>,
  graph: RelationGraph,
  state: DeleteJobState,
  options: JobOptions,
): Promise<DeleteJobResult> {
  const run = new JobRun(db, graph, state.jobId, state.actorId, state.totalRows, options);
  run.doneRows = state.doneRows ?? 0;
  try {
    // The size, for progress: counted beside the first chunks (a read; another connection on a pool).
    const estimate =
      state.totalRows === null
        ? estimateDelete(db, graph, state.table, state.ids).then(async (live) => {
            run.totalRows = run.doneRows + live;
            await setJobTotal(db, state.jobId, run.totalRows);
            return live;
          })
        : Promise.resolve(null);
    estimate.catch(() => undefined);
    const outcome = await deleteTree(run, state.batchId, state.table, state.ids, undefined, state.knownLarge);
    await estimate;
    // A blocked row is live: the chunks flagged under it are exactly the batch's entries whose
    // parents are live. Put them back (the other requested rows are deleted: theirs stay).
    const undo =
      outcome.blocked.length > 0
        ? await restoreBatchEntries(run, [state.batchId])
        : { restored: 0, conflicts: [] };
    const result: DeleteJobResult = {
      jobId: state.jobId,
      batchId: state.batchId,
      deleted: outcome.deleted,
      alreadyDeleted: outcome.alreadyDeleted,
      missing: outcome.missing,
      blocked: outcome.blocked,
      rows: run.doneRows,
      undone: undo.restored,
      conflicts: undo.conflicts,
    };
    await finishJob(db, state.jobId, { status: 'done', result });
    return result;
  } catch (error) {
    await finishJob(db, state.jobId, { status: 'failed', error: messageOf(error) }).catch(() => undefined);
    throw error;
  }
}

/** The requested rows' fates, gathered over chunks. */
type Fates = Pick<SoftDeleteOutcome, 'deleted' | 'alreadyDeleted' | 'missing' | 'blocked'>;

/**
 * Deletes `ids` of `table` (cascaded along `via` when they are a chunk of children) with their
 * cascades: in one chunk when it fits in `maxRows` rows; otherwise halves the ids, and a single
 * row too large for one chunk has its children deleted first, page by page, then itself.
 */
async function deleteTree(
  run: JobRun,
  batchId: string,
  table: string,
  ids: readonly RowId[],
  via?: Relation,
  tooLarge = false,
): Promise<Fates> {
  for (let attempt = 1; ; attempt++) {
    if (!(tooLarge && attempt === 1)) {
      const done = await tryChunk(run, batchId, table, ids, via);
      if (done) return done;
    }
    if (ids.length > 1) {
      const half = Math.ceil(ids.length / 2);
      return merge(
        await deleteTree(run, batchId, table, ids.slice(0, half), via),
        await deleteTree(run, batchId, table, ids.slice(half), via),
      );
    }
    if (attempt > 3) {
      throw new Error(
        `Cannot delete ${table} ${String(ids[0])}: rows keep being added under it faster than the job deletes them.`,
      );
    }
    await deleteChildren(run, batchId, table, ids[0] as RowId);
  }
}

/** One chunk: `ids` with their whole cascade in one transaction, or `undefined` when too large. */
async function tryChunk(
  run: JobRun,
  batchId: string,
  table: string,
  ids: readonly RowId[],
  via: Relation | undefined,
): Promise<Fates | undefined> {
  try {
    return await run.chunk(
      async (trx, atEnd) => {
        const lifecycle = run.lifecycle;
        const outcome = await softDeleteRows(trx, run.graph, {
          table,
          ids,
          actorId: run.actorId,
          batchId,
          ...(via ? { via } : {}),
          maxRows: run.maxRows,
          statements: lifecycle?.hooked === true,
        });
        if (lifecycle && outcome.batchId) {
          await lifecycle.run(trx, 'delete', outcome.batchId, run.actorId, outcome.statements ?? [], atEnd);
        }
        return outcome;
      },
      (outcome) => outcome.deleted.length + Object.values(outcome.cascaded).reduce((a, b) => a + b, 0),
    );
  } catch (error) {
    if (!isLargeOperation(error)) throw error;
    return undefined;
  }
}

/**
 * Deletes the live children of one row along every CASCADE key, `concurrency` pages at a time
 * (disjoint subtrees, so their chunks never wait on each other's rows). Each round reads up to
 * `concurrency` pages of children at once and splits what it got evenly, so the last round's
 * pages are as large as each other and no worker idles beside a longer one. The first pages are
 * small; later pages are sized from the rows per child seen so far, to fill about 90% of a chunk
 * (so few chunks are refused and halved).
 */
async function deleteChildren(run: JobRun, batchId: string, table: string, id: RowId): Promise<void> {
  for (const relation of run.graph.children.get(table) ?? []) {
    if (relation.onDelete !== 'cascade' || !relation.childSoftDelete) continue;
    let after: RowId | undefined;
    let size = Math.min(run.maxRows, FIRST_PAGE);
    for (;;) {
      const children = await liveChildren(run, relation, id, after, size * run.concurrency);
      if (children.length === 0) break;
      after = children[children.length - 1];
      const before = run.doneRows;
      // A failed page fails the job only once its sibling has settled: nothing commits after.
      await runConcurrently(evenPages(children, run.concurrency), run.concurrency, (page) =>
        deleteTree(run, batchId, relation.childTable, page, relation),
      );
      const perChild = Math.max(1, (run.doneRows - before) / children.length);
      size = Math.max(1, Math.min(run.maxRows, Math.floor((run.maxRows * 0.9) / perChild)));
    }
  }
}

/** `ids` cut into at most `count` consecutive pages whose sizes differ by one at most. */
function evenPages<T>(ids: readonly T[], count: number): T[][] {
  const pages = Math.min(count, ids.length);
  return Array.from({ length: pages }, (_, i) =>
    ids.slice(Math.floor((i * ids.length) / pages), Math.floor(((i + 1) * ids.length) / pages)),
  );
}

/** Children in each of the first pages of {@link deleteChildren}. */
const FIRST_PAGE = 32;

/** One page of live children of `parent` along `relation`, in key order after `after`. */
async function liveChildren(
  run: JobRun,
  relation: Relation,
  parent: RowId,
  after: RowId | undefined,
  limit: number,
): Promise<RowId[]> {
  const { graph } = run;
  const child = relation.childTable;
  const key = sql.id(idColumnOf(graph, child));
  const type = keyTypeOf(graph, child);
  const { rows } = await sql<{ id: RowId }>`
    select ${keyOut(type, key)} as id from ${sql.table(child)}
    where ${sql.id(relation.childColumn)} = any(${idArray([parent], keyTypeOf(graph, relation.parentTable))})
      and ${isLive(softDeleteColumnOf(graph, child))}
      ${after === undefined ? sql`` : sql`and ${key} > (${idArray([after], type)})[1]`}
    order by ${key}
    limit ${limit}
  `.execute(run.db);
  return rows.map((r) => r.id);
}

function merge(a: Fates, b: Fates): Fates {
  return {
    deleted: [...a.deleted, ...b.deleted],
    alreadyDeleted: [...a.alreadyDeleted, ...b.alreadyDeleted],
    missing: [...a.missing, ...b.missing],
    blocked: [...a.blocked, ...b.blocked],
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
