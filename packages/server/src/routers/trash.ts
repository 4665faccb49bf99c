import { pageSchema, trashEntrySchema, trashListInputSchema } from '@tombstone/shared';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { decodeCursor, encodeCursor } from '../procedures/cursor.js';
import { staffOnly } from './authorization.js';
import { router, t } from './trpc.js';

const staffProcedure = t.procedure.use(async ({ ctx, next }) => {
  if (!(await staffOnly({ ctx, operation: 'list' }))) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'The trash is for staff only.' });
  }
  return next();
});

/**
 * `admin.trash.list`: the soft-deleted rows still in the trash (not restored, not purged away),
 * newest first, with who deleted them, when, in which batch and whether directly or by cascade.
 */
export const trashRouter = router({
  list: staffProcedure
    .input(trashListInputSchema)
    .output(pageSchema(trashEntrySchema))
    .query(async ({ ctx, input }) => {
      const before = input.cursor === undefined ? null : decodeCursor(input.cursor);
      const { rows } = await sql<{
        id: number;
        table_name: string;
        row_id: number;
        batch_id: string;
        cause: 'direct' | 'cascade';
        parent_table: string | null;
        parent_id: number | null;
        actor_id: number | null;
        deleted_at: Date;
      }>`
        select id::int as id, table_name, row_id, batch_id::text as batch_id, cause, parent_table, parent_id,
               actor_id, deleted_at
        from tombstone_deletion
        where restored_at is null and purged_at is null
          and (${before}::int is null or id < ${before}::int)
          and (${input.table ?? null}::text is null or table_name = ${input.table ?? null}::text)
          and (${input.batchId ?? null}::uuid is null or batch_id = ${input.batchId ?? null}::uuid)
        order by id desc
        limit ${input.limit + 1}
      `.execute(ctx.db);
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => ({
          table: r.table_name,
          rowId: r.row_id,
          batchId: r.batch_id,
          cause: r.cause,
          parentTable: r.parent_table,
          parentId: r.parent_id,
          actorId: r.actor_id,
          deletedAt: new Date(r.deleted_at).toISOString(),
        })),
        nextCursor: rows.length > input.limit && last ? encodeCursor(last.id) : null,
      };
    }),
});
