import type { Kysely } from 'kysely';
import type { RelationGraph } from '../cascade/relation-graph.js';
import { resumeDeleteJob } from './delete-job.js';
import type { JobOptions } from './job-context.js';
import { claimStaleJob, type TombstoneJob } from './job-store.js';
import { resumeRestoreJob } from './restore-job.js';

/** Options of {@link resumeJobs}. */
export interface ResumeJobsOptions extends JobOptions {
  /**
   * A `running` job whose heartbeat (bumped by every chunk) is older than this is taken over.
   * Default 60,000 ms: longer than any chunk takes.
   */
  staleAfterMs?: number;
  /** Called when a resumed job fails (it is then marked `failed` with the message). */
  onError?: (job: TombstoneJob, error: unknown) => void;
}

/**
 * Finishes the jobs a crashed or restarted process left `running`: claims them one at a time
 * (`FOR UPDATE SKIP LOCKED`, so several processes may call it at once) and runs each to its end.
 * Safe because every chunk is idempotent: a delete chunk flags only live rows, a restore only
 * rows still in the trash. Call it at start-up, in the background. Returns the jobs it took over.
 *
 * @example
 * void resumeJobs(db, tombstone.graph, { lifecycle: tombstone.lifecycle }).catch(console.error);
 */
export async function resumeJobs(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  db: Kysely<any>,
  graph: RelationGraph,
  options: ResumeJobsOptions = {},
): Promise<TombstoneJob[]> {
  const staleAfterMs = options.staleAfterMs ?? 60_000;
  const resumed: TombstoneJob[] = [];
  for (;;) {
    const job = await claimStaleJob(db, staleAfterMs);
    if (!job) return resumed;
    resumed.push(job);
    try {
      if (job.operation === 'delete') await resumeDeleteJob(db, graph, job, options);
      else await resumeRestoreJob(db, graph, job, options);
    } catch (error) {
      options.onError?.(job, error);
    }
  }
}
