import { z } from 'zod';

/**
 * A text input: PostgreSQL `text` cannot hold NUL characters, so they are refused as bad input
 * (`BAD_REQUEST`) instead of failing in the database.
 *
 * @example
 * text().max(200).parse('hello');
 */
export function text() {
  return z.string().refine((value) => !value.includes('\u0000'), 'must not contain NUL (\\u0000) characters');
}

/** The largest value of a PostgreSQL `integer`, the type of every id. */
export const MAX_ID = 2_147_483_647;

/** A row id: a positive 32-bit integer. */
export const idSchema = z.number().int().min(1).max(MAX_ID);

/** `{ id }`: the input of `get`, `delete`, `restore` and `hardDelete`. */
export const idInputSchema = z.strictObject({ id: idSchema });

/** A timestamp on the wire: ISO 8601 with offset, as `Date#toISOString()` writes it. */
export const timestampSchema = z.iso.datetime({ offset: true });

/** Which rows a list sees: live ones (`exclude`), all (`include`), or only soft-deleted ones. */
export const deletedScopeSchema = z.enum(['exclude', 'include', 'only']);
export type DeletedScope = z.infer<typeof deletedScopeSchema>;

/** The most ids one bulk call takes. */
export const MAX_BULK_IDS = 10_000;

/**
 * `{ ids }`: the input of `bulkDelete` and `bulkRestore`; duplicates are ignored.
 *
 * @example
 * bulkIdsSchema().parse({ ids: [1, 2, 2] });
 */
export function bulkIdsSchema(max: number = MAX_BULK_IDS) {
  return z.strictObject({ ids: z.array(idSchema).min(1).max(max) });
}

/** A list page: the rows and the cursor of the next page (`null` on the last page). */
export function pageSchema<TRow extends z.ZodType>(row: TRow) {
  return z.object({ items: z.array(row), nextCursor: z.string().nullable() });
}

/** One id a bulk operation could not process, and why (a tRPC error code). */
export const bulkErrorSchema = z.object({
  id: idSchema,
  code: z.enum(['NOT_FOUND', 'FORBIDDEN', 'CONFLICT']),
  message: z.string(),
});

/** The result of `bulkDelete` / `bulkRestore`: partial success, with a reason for every failed id. */
export const bulkResultSchema = z.object({
  success: z.object({ count: z.number().int(), details: z.array(idSchema) }),
  errors: z.object({ count: z.number().int(), details: z.array(bulkErrorSchema) }),
});
export type BulkResult = z.infer<typeof bulkResultSchema>;
export type BulkError = z.infer<typeof bulkErrorSchema>;

/**
 * The input of `list`: keyset pagination by id, an optional resource filter and, on admin routers
 * only, which rows to see.
 *
 * @example
 * listInputSchema(z.strictObject({ title: z.string() })).parse({ limit: 10 });
 */
export function listInputSchema<TFilter extends z.ZodType>(filter: TFilter) {
  // `prefault`: a missing input (`list.query()`) is parsed as `{}`, so the defaults apply.
  return listInputObject(filter).prefault({});
}

function listInputObject<TFilter extends z.ZodType>(filter: TFilter) {
  return z.strictObject({
    limit: z.number().int().min(1).max(100).default(20),
    cursor: text().max(200).optional(),
    filter: filter.optional(),
  });
}

/** {@link listInputSchema} plus `deleted` (default `include`), for `admin.*` routers. */
export function adminListInputSchema<TFilter extends z.ZodType>(filter: TFilter) {
  return listInputObject(filter)
    .extend({ deleted: deletedScopeSchema.default('include') })
    .prefault({});
}

/** `{ id, patch }`: the input of `update`; `patch` takes any subset of the create input. */
export function updateInputSchema<TPatch extends z.ZodType>(patch: TPatch) {
  return z.strictObject({ id: idSchema, patch });
}
