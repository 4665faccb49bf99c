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

/** The largest value of a PostgreSQL `integer`, the type of the reference schema's ids. */
export const MAX_ID = 2_147_483_647;

/** A row id of an `integer` key: a positive 32-bit integer (the default id schema). */
export const idSchema = z.number().int().min(1).max(MAX_ID);

/**
 * Any row id on the wire: a number (integer keys) or a string (bigint beyond 2^53, uuid, text).
 * What the audit trail reports, whatever the table's key.
 */
export const rowIdSchema = z.union([z.number().int(), z.string()]);
export type RowId = z.infer<typeof rowIdSchema>;

/** The largest value of a PostgreSQL `bigint`. */
const MAX_BIGINT = 9_223_372_036_854_775_807n;

/**
 * A positive `bigint` row id: a number up to 2^53 - 1, or its decimal string beyond (JavaScript
 * numbers lose digits past 2^53), up to PostgreSQL's 9223372036854775807.
 *
 * @example
 * bigintIdSchema.parse('9007199254740993'); // kept as a string, without loss
 */
export const bigintIdSchema = z.union([
  z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  z
    .string()
    .regex(/^[1-9]\d{0,18}$/, 'must be a positive integer in decimal')
    .refine((value) => BigInt(value) <= MAX_BIGINT, 'must fit in a PostgreSQL bigint'),
]);

/** A `uuid` row id, in its canonical hyphenated form. */
export const uuidIdSchema = z.uuid();

/**
 * `{ id }` for a table whose ids `id` validates, e.g. `idInputSchemaOf(uuidIdSchema)`.
 *
 * @example
 * idInputSchemaOf(z.uuid()).parse({ id: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' });
 */
export function idInputSchemaOf<TId extends z.ZodType<RowId>>(id: TId) {
  return z.strictObject({ id });
}

/** `{ id }`: the input of `get`, `delete`, `restore` and `hardDelete`. */
export const idInputSchema = idInputSchemaOf(idSchema);

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
  return bulkIdsSchemaOf(idSchema, max);
}

/** {@link bulkIdsSchema} for a table whose ids `id` validates. */
export function bulkIdsSchemaOf<TId extends z.ZodType<RowId>>(id: TId, max: number = MAX_BULK_IDS) {
  return z.strictObject({ ids: z.array(id).min(1).max(max) });
}

/** A list page: the rows and the cursor of the next page (`null` on the last page). */
export function pageSchema<TRow extends z.ZodType>(row: TRow) {
  return z.object({ items: z.array(row), nextCursor: z.string().nullable() });
}

/** {@link bulkErrorSchema} for a table whose ids `id` validates. */
export function bulkErrorSchemaOf<TId extends z.ZodType<RowId>>(id: TId) {
  return z.object({
    id,
    code: z.enum(['NOT_FOUND', 'FORBIDDEN', 'CONFLICT']),
    message: z.string(),
  });
}

/** One id a bulk operation could not process, and why (a tRPC error code). */
export const bulkErrorSchema = bulkErrorSchemaOf(idSchema);

/** {@link bulkResultSchema} for a table whose ids `id` validates. */
export function bulkResultSchemaOf<TId extends z.ZodType<RowId>>(id: TId) {
  return z.object({
    success: z.object({ count: z.number().int(), details: z.array(id) }),
    errors: z.object({ count: z.number().int(), details: z.array(bulkErrorSchemaOf(id)) }),
  });
}

/** The result of `bulkDelete` / `bulkRestore`: partial success, with a reason for every failed id. */
export const bulkResultSchema = bulkResultSchemaOf(idSchema);
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
  return updateInputSchemaOf(idSchema, patch);
}

/** {@link updateInputSchema} for a table whose ids `id` validates. */
export function updateInputSchemaOf<TId extends z.ZodType<RowId>, TPatch extends z.ZodType>(
  id: TId,
  patch: TPatch,
) {
  return z.strictObject({ id, patch });
}
