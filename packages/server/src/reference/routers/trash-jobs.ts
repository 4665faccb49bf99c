import type { Job } from '@tombstone/shared';
import { TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import { keyTypeOf, type RelationGraph } from '../../cascade/index.js';
import { getJob, type JobStatus, listJobs, type TombstoneJob } from '../../jobs/index.js';
import { wireId } from './trash-wire.js';

// biome-ignore lint/suspicious/noExplicitAny: the job table only.
type Db = Kysely<any>;

/** A job as the API shows it: ids in the API's form, timestamps as ISO strings. */
export function jobOnWire(graph: RelationGraph, job: TombstoneJob): Job {
  const keyType = graph.tables[job.table] ? keyTypeOf(graph, job.table) : null;
  const result = job.result;
  return {
    id: job.id,
    operation: job.operation,
    table: job.table,
    ids: job.ids.map((id) => wireId(id, keyType)),
    batchIds: job.batchIds,
    actorId: job.actorId === null ? null : wireId(job.actorId, null),
    status: job.status,
    doneRows: job.doneRows,
    totalRows: job.totalRows,
    attempts: job.attempts,
    result:
      typeof result === 'object' && result !== null && !Array.isArray(result)
        ? (result as Record<string, unknown>)
        : null,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    heartbeatAt: job.heartbeatAt.toISOString(),
    finishedAt: job.finishedAt === null ? null : job.finishedAt.toISOString(),
  };
}

/**
 * The large deletes and restores run as jobs, newest first: the running ones show their progress
 * (`doneRows` of `totalRows`), the finished ones what they did.
 */
export async function listTrashJobs(
  db: Db,
  graph: RelationGraph,
  input: { status?: JobStatus | undefined; limit: number },
): Promise<{ items: Job[] }> {
  const jobs = await listJobs(db, { limit: input.limit, ...(input.status ? { status: input.status } : {}) });
  return { items: jobs.map((job) => jobOnWire(graph, job)) };
}

/** One job by id, or `NOT_FOUND`. */
export async function findJob(db: Db, graph: RelationGraph, id: string): Promise<Job> {
  const job = await getJob(db, id);
  if (!job) throw new TRPCError({ code: 'NOT_FOUND', message: `No job ${id}.` });
  return jobOnWire(graph, job);
}
