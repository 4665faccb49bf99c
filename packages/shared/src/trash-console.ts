import { z } from 'zod';
import { type RowId, rowIdSchema, text, timestampSchema } from './common.js';

/** `{ id, withAncestors? }`: the input of `restore`; `withAncestors` also restores the deleted parents the row needs. */
export function restoreInputSchemaOf<TId extends z.ZodType<RowId>>(id: TId) {
  return z.strictObject({ id, withAncestors: z.boolean().optional() });
}

/** What a delete would do, per table: rows soft-deleted (cascade included). */
export const deletePreviewCountSchema = z.object({ table: z.string(), count: z.number().int() });

/** What would block a delete: live rows of `table` behind the RESTRICT / NO ACTION `constraint`. */
export const deletePreviewBlockSchema = z.object({
  table: z.string(),
  count: z.number().int(),
  constraint: z.string(),
});

/** The output of `<resource>.previewDelete`: nothing changes. */
export const deletePreviewSchema = z.object({
  deletes: z.array(deletePreviewCountSchema),
  blocked: z.array(deletePreviewBlockSchema),
});

/** One delete call as the trash console shows it. */
export const batchSchema = z.object({
  batchId: z.string(),
  /** Who deleted (`null`: the system). */
  actorId: rowIdSchema.nullable(),
  deletedAt: timestampSchema,
  /** The table the call deleted from. */
  table: z.string(),
  /** The rows it deleted directly and still in the trash. */
  ids: z.array(rowIdSchema),
  /** Rows still in the trash per table, cascade included. */
  counts: z.record(z.string(), z.number().int()),
  /** Whether the batch is under a legal hold. */
  held: z.boolean(),
  holdReason: z.string().nullable(),
});

/** Input of `admin.trash.batches`: newest first, keyset-paginated. */
export const batchListInputSchema = z
  .strictObject({
    limit: z.number().int().min(1).max(100).default(20),
    cursor: text().max(200).optional(),
    table: text().max(63).optional(),
    actorId: rowIdSchema.optional(),
  })
  .prefault({});

/** Output of `admin.trash.batches`. */
export const batchPageSchema = z.object({ items: z.array(batchSchema), nextCursor: z.string().nullable() });

/** `{ batchId }`: the input of `admin.trash.batch`, `restoreBatch` and `release`. */
export const batchIdInputSchema = z.strictObject({ batchId: z.uuid() });

/** One node of a batch's tree: rows of `table` cascaded from `parentTable` (`null`: the root). */
export const batchNodeSchema = z.object({
  table: z.string(),
  parentTable: z.string().nullable(),
  count: z.number().int(),
});

/** Output of `admin.trash.batch`: the batch and its tree as nodes, parents before children. */
export const batchTreeSchema = z.object({ batch: batchSchema, nodes: z.array(batchNodeSchema) });

/** Input of `admin.trash.batchRows`: the ids of one table of a batch, paginated. */
export const batchRowsInputSchema = z.strictObject({
  batchId: z.uuid(),
  table: text().max(63),
  limit: z.number().int().min(1).max(100).default(50),
  cursor: text().max(200).optional(),
});

/** One row of a batch: its id and the parent it was cascaded from. */
export const batchRowSchema = z.object({
  rowId: rowIdSchema,
  parentTable: z.string().nullable(),
  parentId: rowIdSchema.nullable(),
});

/** Output of `admin.trash.batchRows`. */
export const batchRowsPageSchema = z.object({
  items: z.array(batchRowSchema),
  nextCursor: z.string().nullable(),
});

/** Output of `admin.trash.restoreBatch`: rows restored per table. */
export const restoreBatchResultSchema = z.object({
  batchId: z.string(),
  restored: z.record(z.string(), z.number().int()),
});

/** Input of `admin.trash.hold`. */
export const holdInputSchema = z.strictObject({ batchId: z.uuid(), reason: text().min(1).max(500) });

/** Output of `admin.trash.hold` / `release`. */
export const holdStateSchema = z.object({ batchId: z.string(), held: z.boolean() });

/** Input of `admin.trash.purgePreview`: the cutoff, as the purge CLI's `--older-than`. */
export const purgePreviewInputSchema = z.strictObject({ olderThan: timestampSchema });

/** Output of `admin.trash.purgePreview`: what the retention purge would do, per table. */
export const purgePreviewSchema = z.object({
  olderThan: timestampSchema,
  tables: z.record(z.string(), z.number().int()),
  kept: z.record(z.string(), z.number().int()),
  held: z.record(z.string(), z.number().int()),
  total: z.number().int(),
});

export type DeletePreview = z.infer<typeof deletePreviewSchema>;
export type Batch = z.infer<typeof batchSchema>;
export type BatchListInput = z.input<typeof batchListInputSchema>;
export type BatchPage = z.infer<typeof batchPageSchema>;
export type BatchNode = z.infer<typeof batchNodeSchema>;
export type BatchTree = z.infer<typeof batchTreeSchema>;
export type BatchRow = z.infer<typeof batchRowSchema>;
export type BatchRowsInput = z.input<typeof batchRowsInputSchema>;
export type RestoreBatchResult = z.infer<typeof restoreBatchResultSchema>;
export type HoldInput = z.infer<typeof holdInputSchema>;
export type PurgePreview = z.infer<typeof purgePreviewSchema>;
