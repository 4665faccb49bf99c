import { z } from 'zod';
import { rowIdSchema, text, timestampSchema } from './common.js';

/** One soft-deleted row in the trash, from the audit trail: who deleted it, when, and why. */
export const trashEntrySchema = z.object({
  table: z.string(),
  /** The row's key: a number for integer keys, a string for bigint beyond 2^53, uuid and text keys. */
  rowId: rowIdSchema,
  /** Rows deleted by one request share a batch; restoring one brings back its own cascade. */
  batchId: z.string(),
  /** `direct`: named in the delete request; `cascade`: taken along by a CASCADE foreign key. */
  cause: z.enum(['direct', 'cascade']),
  parentTable: z.string().nullable(),
  parentId: rowIdSchema.nullable(),
  /** Who deleted it, as `actorId` returned it (`null` for system jobs). */
  actorId: rowIdSchema.nullable(),
  deletedAt: timestampSchema,
});

/** Input of `admin.trash.list`: newest first, keyset-paginated, optionally one table or batch. */
export const trashListInputSchema = z
  .strictObject({
    limit: z.number().int().min(1).max(100).default(20),
    cursor: text().max(200).optional(),
    table: text().max(63).optional(),
    batchId: z.uuid().optional(),
  })
  .prefault({});

export type TrashEntry = z.infer<typeof trashEntrySchema>;
export type TrashListInput = z.input<typeof trashListInputSchema>;
