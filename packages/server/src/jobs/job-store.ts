import { type Kysely, sql } from 'kysely';
import type { RowId } from '../cascade/row-id.js';
import { JOB_TABLE } from './job-migration.js';

/** What a job does. */
export type JobOperation = 'delete' | 'restore';

/** Where a job stands: `running` (possibly resumable), `done`, or `failed` (see `error`). */
export type JobStatus = 'running' | 'done' | 'failed';

/** A row of `tombstone_job`, as the API shows it. */
export interface TombstoneJob {
  id: string;
  operation: JobOperation;
  table: string;
  /** The requested ids, as text (the audit trail's form). */
  ids: string[];
  /** The audit batches the job writes (a delete) or brings back (a restore). */
  batchIds: string[];
  actorId: string | null;
  status: JobStatus;
  /** Rows changed by committed chunks. */
  doneRows: number;
  /** Rows the job expects to change, estimated when it started; `null` when unknown. */
  totalRows: number | null;
  /** Runs so far: 1, plus one per resume. */
  attempts: number;
  /** What the job did, once finished (see `DeleteJobResult` / `RestoreJobResult`). */
  result: unknown;
  error: string | null;
  createdAt: Date;
  heartbeatAt: Date;
  finishedAt: Date | null;
}

interface JobRow {
  id: string;
  operation: JobOperation;
  table_name: string;
  row_ids: string[];
  batch_ids: string[];
  actor_id: string | null;
  status: JobStatus;
  done_rows: string | number;
  total_rows: string | number | null;
  attempts: number;
  result: unknown;
  error: string | null;
  created_at: Date | string;
  heartbeat_at: Date | string;
  finished_at: Date | string | null;
}

const jobTable = sql.table(JOB_TABLE);
const date = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

function toJob(row: JobRow): TombstoneJob {
  return {
    id: row.id,
    operation: row.operation,
    table: row.table_name,
    ids: row.row_ids,
    batchIds: row.batch_ids,
    actorId: row.actor_id,
    status: row.status,
    doneRows: Number(row.done_rows),
    totalRows: row.total_rows === null ? null : Number(row.total_rows),
    attempts: row.attempts,
    result: row.result,
    error: row.error,
    createdAt: date(row.created_at),
    heartbeatAt: date(row.heartbeat_at),
    finishedAt: row.finished_at === null ? null : date(row.finished_at),
  };
}

/** What a new job row holds. */
export interface NewJob {
  id: string;
  operation: JobOperation;
  table: string;
  ids: readonly RowId[];
  batchIds: readonly string[];
  actorId: RowId | null;
  totalRows: number | null;
}

/** Writes a new `running` job (committed at once: a crash after this leaves it resumable). */
export async function insertJob<DB>(db: Kysely<DB>, job: NewJob): Promise<void> {
  await sql`
    insert into ${jobTable} (id, operation, table_name, row_ids, batch_ids, actor_id, total_rows)
    values (${job.id}::uuid, ${job.operation}, ${job.table}, ${job.ids.map(String)}::text[],
            ${[...job.batchIds]}::uuid[], ${job.actorId === null ? null : String(job.actorId)}, ${job.totalRows})
  `.execute(db);
}

/** Counts `rows` more as done, in the transaction of the chunk that changed them. */
export async function recordChunk<DB>(trx: Kysely<DB>, jobId: string, rows: number): Promise<void> {
  await sql`
    update ${jobTable} set done_rows = done_rows + ${rows}, heartbeat_at = now() where id = ${jobId}::uuid
  `.execute(trx);
}

/** Sets a job's estimated size (known once its estimate, run beside the first chunks, ends). */
export async function setJobTotal<DB>(db: Kysely<DB>, jobId: string, totalRows: number): Promise<void> {
  await sql`update ${jobTable} set total_rows = ${totalRows} where id = ${jobId}::uuid`.execute(db);
}

/** Ends a job: `done` with its result, or `failed` with the error's message. */
export async function finishJob<DB>(
  db: Kysely<DB>,
  jobId: string,
  end: { status: 'done'; result: unknown } | { status: 'failed'; error: string },
): Promise<void> {
  const result = end.status === 'done' ? JSON.stringify(end.result) : null;
  const error = end.status === 'failed' ? end.error : null;
  await sql`
    update ${jobTable} set status = ${end.status}, result = ${result}::jsonb, error = ${error},
           finished_at = now(), heartbeat_at = now()
    where id = ${jobId}::uuid
  `.execute(db);
}

/** One job, or `undefined`. */
export async function getJob<DB>(db: Kysely<DB>, jobId: string): Promise<TombstoneJob | undefined> {
  const { rows } = await sql<JobRow>`select * from ${jobTable} where id = ${jobId}::uuid`.execute(db);
  return rows[0] ? toJob(rows[0]) : undefined;
}

/** Jobs, newest first; only `status` ones when given. */
export async function listJobs<DB>(
  db: Kysely<DB>,
  options: { status?: JobStatus; limit?: number } = {},
): Promise<TombstoneJob[]> {
  const { rows } = await sql<JobRow>`
    select * from ${jobTable}
    ${options.status ? sql`where status = ${options.status}` : sql``}
    order by created_at desc, id
    limit ${Math.max(1, Math.min(1000, options.limit ?? 50))}
  `.execute(db);
  return rows.map(toJob);
}

/**
 * Claims one `running` job whose heartbeat is older than `staleAfterMs` (its process died or
 * hung), bumping `attempts` and the heartbeat so no other process claims it meanwhile.
 */
export async function claimStaleJob<DB>(
  db: Kysely<DB>,
  staleAfterMs: number,
): Promise<TombstoneJob | undefined> {
  const { rows } = await sql<JobRow>`
    update ${jobTable} set attempts = attempts + 1, heartbeat_at = now()
    where id = (
      select id from ${jobTable}
      where status = 'running' and heartbeat_at < now() - make_interval(secs => ${staleAfterMs / 1000})
      order by heartbeat_at
      limit 1
      for update skip locked
    )
    returning *
  `.execute(db);
  return rows[0] ? toJob(rows[0]) : undefined;
}

/** Whether the database has the job table (`tombstoneJobMigration` applied). */
export async function hasJobTable<DB>(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`
    select to_regclass(${JOB_TABLE}) is not null as found
  `.execute(db);
  return rows[0]?.found === true;
}
