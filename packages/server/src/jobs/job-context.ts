import type { Kysely } from 'kysely';
import type { RelationGraph } from '../cascade/relation-graph.js';
import type { RowId } from '../cascade/row-id.js';
import type { AtEnd, Lifecycle } from '../lifecycle/lifecycle.js';
import { runTransaction, type TransactionPolicy } from '../procedures/transaction-policy.js';
import { recordChunk } from './job-store.js';

/** Progress of a running job, reported after every committed chunk. */
export interface JobProgress {
  jobId: string;
  /** Rows changed by committed chunks so far. */
  doneRows: number;
  /** Rows the job expects to change (an estimate), or `null`. */
  totalRows: number | null;
}

/** Options of the large-operation jobs (`runDeleteJob`, `runRestoreJob`, `resumeJobs`). */
export interface JobOptions {
  /**
   * The most rows one chunk (one transaction) changes; also the size above which the generated
   * procedures turn a delete or restore into a job. Default 50,000.
   */
  maxRows?: number;
  /**
   * Chunks of disjoint rows run up to this many at a time, each in its own transaction (and, on
   * a pool, its own connection): sibling subtrees of a delete, audit entries of one table on a
   * restore. Default 2; `1` runs them one after another (PGlite does anyway: one connection).
   */
  concurrency?: number;
  /** Lock time-out and retries of every chunk's transaction. */
  transactions?: TransactionPolicy;
  /** Hooks and outbox (`tombstone.lifecycle`), run in each chunk's transaction for its rows. */
  lifecycle?: Lifecycle;
  /** Called after every committed chunk. */
  onProgress?: (progress: JobProgress) => void;
}

/** The default of {@link JobOptions.maxRows}. */
export const DEFAULT_JOB_MAX_ROWS = 50_000;

/** What every chunk of one job shares. */
export class JobRun {
  doneRows = 0;

  constructor(
    // biome-ignore lint/suspicious/noExplicitAny: any database schema.
    readonly db: Kysely<any>,
    readonly graph: RelationGraph,
    readonly jobId: string,
    readonly actorId: RowId | null,
    public totalRows: number | null,
    readonly options: JobOptions,
  ) {}

  get maxRows(): number {
    return Math.max(1, Math.floor(this.options.maxRows ?? DEFAULT_JOB_MAX_ROWS));
  }

  get concurrency(): number {
    return Math.max(1, Math.floor(this.options.concurrency ?? 2));
  }

  get lifecycle(): Lifecycle | undefined {
    return this.options.lifecycle?.active ? this.options.lifecycle : undefined;
  }

  /**
   * Runs one chunk in its own transaction (under the transaction policy) and counts the rows it
   * changed into the job row in that same transaction, so the job's progress is exactly what
   * has committed.
   */
  async chunk<T>(
    // biome-ignore lint/suspicious/noExplicitAny: any database schema.
    work: (trx: Kysely<any>, atEnd: AtEnd) => Promise<T>,
    rowsOf: (result: T) => number,
  ): Promise<T> {
    const result = await runTransaction(
      this.db,
      async (trx, attempt) => {
        // After-hooks go through `atEnd`: once per committed chunk, even when a chunk is retried.
        const done = await work(trx, (step) => attempt.atEnd(step));
        const rows = rowsOf(done);
        if (rows > 0) await recordChunk(trx, this.jobId, rows);
        return done;
      },
      this.options.transactions,
    );
    const rows = rowsOf(result);
    if (rows > 0) {
      this.doneRows += rows;
      this.options.onProgress?.({ jobId: this.jobId, doneRows: this.doneRows, totalRows: this.totalRows });
    }
    return result;
  }
}
