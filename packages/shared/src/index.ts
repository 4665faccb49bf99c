/**
 * `@tombstone/shared`: the Zod schemas of the wire format, shared by the server and the SDK —
 * the building blocks every generated router uses (ids, pages, bulk results, list inputs) and
 * the reference API's resources.
 */
export {
  type Article,
  type ArticleCreate,
  type ArticleFilter,
  type ArticlePatch,
  articleCreateSchema,
  articleFilterSchema,
  articlePatchSchema,
  articleSchema,
} from './articles.js';
export {
  type Author,
  type AuthorCreate,
  type AuthorFilter,
  type AuthorPatch,
  authorCreateSchema,
  authorFilterSchema,
  authorPatchSchema,
  authorSchema,
} from './authors.js';
export {
  type Category,
  type CategoryCreate,
  type CategoryFilter,
  type CategoryPatch,
  categoryCreateSchema,
  categoryFilterSchema,
  categoryPatchSchema,
  categorySchema,
} from './categories.js';
export {
  type Comment,
  type CommentCreate,
  type CommentFilter,
  type CommentPatch,
  commentCreateSchema,
  commentFilterSchema,
  commentPatchSchema,
  commentSchema,
} from './comments.js';
export {
  adminListInputSchema,
  type BulkError,
  type BulkResult,
  bigintIdSchema,
  bulkErrorSchema,
  bulkErrorSchemaOf,
  bulkIdsSchema,
  bulkIdsSchemaOf,
  bulkResultSchema,
  bulkResultSchemaOf,
  type DeletedScope,
  deletedScopeSchema,
  idInputSchema,
  idInputSchemaOf,
  idSchema,
  listInputSchema,
  MAX_BULK_IDS,
  MAX_ID,
  pageSchema,
  type RowId,
  rowIdSchema,
  text,
  timestampSchema,
  updateInputSchema,
  updateInputSchemaOf,
  uuidIdSchema,
} from './common.js';
export type { ZodErrorData } from './errors.js';
export { type TrashEntry, type TrashListInput, trashEntrySchema, trashListInputSchema } from './trash.js';
