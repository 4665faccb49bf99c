import { z } from 'zod';
import { rowIdSchema, timestampSchema } from './common.js';

/** What a large-operation job does. */
export const jobOperationSchema = z.enum(['delete', 'restore']);

/** Where a job stands: `running` (resumable after a crash), `done`, or `failed` (see `error`). */
export const jobStatusSchema = z.enum(['running', 'done', 'failed']);

/**
 * A delete or restore too large for one transaction, run in chunks (the `tombstone_job` table):
 * its progress while it runs, its outcome once finished.
 */
export const jobSchema = z.object({
  id: z.uuid(),
  operation: jobOperationSchema,
  /** The table of the requested rows. */
  table: z.string(),
  /** The requested rows' keys, in the form the API gives ids. */
  ids: z.array(rowIdSchema),
  /** The audit batches the job writes (a delete) or brings back (a restore). */
  batchIds: z.array(z.string()),
  /** Who asked (`null`: the system). */
  actorId: rowIdSchema.nullable(),
  status: jobStatusSchema,
  /** Rows changed by the chunks committed so far. */
  doneRows: z.number().int(),
  /** Rows the job expects to change, estimated when it started; `null` when unknown. */
  totalRows: z.number().int().nullable(),
  /** Runs so far: 1, plus one per resume after a crash or restart. */
  attempts: z.number().int(),
  /** What the job did, once `done` (the rows deleted or restored, blocked, in conflict). */
  result: z.record(z.string(), z.unknown()).nullable(),
  /** Why it failed, when `failed`. */
  error: z.string().nullable(),
  createdAt: timestampSchema,
  /** Bumped by every committed chunk: a `running` job with an old heartbeat is resumed. */
  heartbeatAt: timestampSchema,
  finishedAt: timestampSchema.nullable(),
});

/** Input of `admin.trash.jobs`: newest first, optionally only one status. */
export const jobListInputSchema = z
  .strictObject({
    status: jobStatusSchema.optional(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .prefault({});

/** Output of `admin.trash.jobs`. */
export const jobListSchema = z.object({ items: z.array(jobSchema) });

/** `{ id }`: the input of `admin.trash.job`. */
export const jobIdInputSchema = z.strictObject({ id: z.uuid() });

export type Job = z.infer<typeof jobSchema>;
export type JobListInput = z.input<typeof jobListInputSchema>;
export type JobOperation = z.infer<typeof jobOperationSchema>;
export type JobStatus = z.infer<typeof jobStatusSchema>;
