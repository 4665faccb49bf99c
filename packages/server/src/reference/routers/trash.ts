import {
  batchIdInputSchema,
  batchListInputSchema,
  batchPageSchema,
  batchRowsInputSchema,
  batchRowsPageSchema,
  batchTreeSchema,
  holdInputSchema,
  holdStateSchema,
  jobIdInputSchema,
  jobListInputSchema,
  jobListSchema,
  jobSchema,
  pageSchema,
  purgePreviewInputSchema,
  purgePreviewSchema,
  restoreBatchResultSchema,
  trashEntrySchema,
  trashListInputSchema,
} from '@tombstone/shared';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { keyTypeOf } from '../../cascade/index.js';
import { actorId, staffOnly } from './authorization.js';
import { holdBatch, purgePreview, releaseBatch, restoreBatch } from './trash-actions.js';
import { batchNodes, batchRows, findBatch, listBatches } from './trash-batches.js';
import { findJob, listTrashJobs } from './trash-jobs.js';
import { wireId } from './trash-wire.js';
import { router, t } from './trpc.js';

const staffProcedure = t.procedure.use(async ({ ctx, next }) => {
  if (!(await staffOnly({ ctx, operation: 'list' }))) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'The trash is for staff only.' });
  }
  return next();
});

/** A keyset position in the trash: the audit entry and the row's position in its `row_ids`. */
interface TrashCursor {
  entry: number;
  row: number;
}

const MAX_INT = 2_147_483_647;

function encodeTrashCursor(cursor: TrashCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** Decodes a cursor from {@link encodeTrashCursor}; a forged or broken one is `BAD_REQUEST`. */
function decodeTrashCursor(cursor: string): TrashCursor {
  try {
    const parsed = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as Partial<TrashCursor> | null;
    const valid = (n: unknown): n is number =>
      typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_INT;
    if (valid(parsed?.entry) && valid(parsed?.row)) return { entry: parsed.entry, row: parsed.row };
  } catch {
    // fall through to the error below
  }
  throw new TRPCError({
    code: 'BAD_REQUEST',
    message: 'Invalid cursor: pass the nextCursor of a previous page.',
  });
}

/**
 * `admin.trash.list`: the soft-deleted rows still in the trash (not restored, not purged away),
 * newest first, with who deleted them, when, in which batch and whether directly or by cascade.
 * The audit trail holds one entry per delete statement with the ids as arrays; the list unnests
 * them into one item per row, ordered by (entry desc, row id), and pages on both.
 */
export const trashRouter = router({
  list: staffProcedure
    .input(trashListInputSchema)
    .output(pageSchema(trashEntrySchema))
    .query(async ({ ctx, input }) => {
      const after = input.cursor === undefined ? null : decodeTrashCursor(input.cursor);
      const { rows } = await sql<{
        id: number;
        table_name: string;
        row_id: string;
        position: number;
        batch_id: string;
        cause: 'direct' | 'cascade';
        parent_table: string | null;
        parent_id: string | null;
        actor_id: string | null;
        deleted_at: Date;
      }>`
        select d.id::int as id, d.table_name, u.row_id, u.position::int as position, d.batch_id::text as batch_id,
               d.cause, d.parent_table, u.parent_id, d.actor_id, d.deleted_at
        from tombstone_deletion d
        cross join lateral unnest(d.row_ids, d.parent_ids) with ordinality as u(row_id, parent_id, position)
        where d.open
          and not (u.row_id = any(d.restored_ids)) and not (u.row_id = any(d.purged_ids))
          and (${after?.entry ?? null}::int is null
               or d.id < ${after?.entry ?? null}::int
               or (d.id = ${after?.entry ?? null}::int and u.position > ${after?.row ?? null}::int))
          and (${input.table ?? null}::text is null or d.table_name = ${input.table ?? null}::text)
          and (${input.batchId ?? null}::uuid is null or d.batch_id = ${input.batchId ?? null}::uuid)
        order by d.id desc, u.position
        limit ${input.limit + 1}
      `.execute(ctx.db);
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      const keyType = (table: string) => keyTypeOf(ctx.tombstone.graph, table);
      return {
        items: page.map((r) => ({
          table: r.table_name,
          rowId: wireId(r.row_id, keyType(r.table_name)),
          batchId: r.batch_id,
          cause: r.cause,
          parentTable: r.parent_table,
          parentId:
            r.parent_id === null || r.parent_table === null
              ? null
              : wireId(r.parent_id, keyType(r.parent_table)),
          actorId: r.actor_id === null ? null : wireId(r.actor_id, null),
          deletedAt: new Date(r.deleted_at).toISOString(),
        })),
        nextCursor:
          rows.length > input.limit && last
            ? encodeTrashCursor({ entry: last.id, row: last.position })
            : null,
      };
    }),

  batches: staffProcedure
    .input(batchListInputSchema)
    .output(batchPageSchema)
    .query(({ ctx, input }) => listBatches(ctx.db, ctx.tombstone.graph, input)),

  batch: staffProcedure
    .input(batchIdInputSchema)
    .output(batchTreeSchema)
    .query(async ({ ctx, input }) => ({
      batch: await findBatch(ctx.db, ctx.tombstone.graph, input.batchId),
      nodes: await batchNodes(ctx.db, input.batchId),
    })),

  batchRows: staffProcedure
    .input(batchRowsInputSchema)
    .output(batchRowsPageSchema)
    .query(({ ctx, input }) => batchRows(ctx.db, ctx.tombstone.graph, input)),

  restoreBatch: staffProcedure
    .input(batchIdInputSchema)
    .output(restoreBatchResultSchema)
    .mutation(({ ctx, input }) => restoreBatch(ctx.db, ctx.tombstone, input.batchId, actorId(ctx))),

  hold: staffProcedure
    .input(holdInputSchema)
    .output(holdStateSchema)
    .mutation(({ ctx, input }) => holdBatch(ctx.db, ctx.tombstone.graph, input, actorId(ctx))),

  release: staffProcedure
    .input(batchIdInputSchema)
    .output(holdStateSchema)
    .mutation(({ ctx, input }) => releaseBatch(ctx.db, input.batchId)),

  purgePreview: staffProcedure
    .input(purgePreviewInputSchema)
    .output(purgePreviewSchema)
    .query(({ ctx, input }) => purgePreview(ctx.db, ctx.tombstone.graph, new Date(input.olderThan))),

  /** The large deletes and restores run as chunked jobs, newest first: progress, then outcome. */
  jobs: staffProcedure
    .input(jobListInputSchema)
    .output(jobListSchema)
    .query(({ ctx, input }) => listTrashJobs(ctx.db, ctx.tombstone.graph, input)),

  job: staffProcedure
    .input(jobIdInputSchema)
    .output(jobSchema)
    .query(({ ctx, input }) => findJob(ctx.db, ctx.tombstone.graph, input.id)),
});
