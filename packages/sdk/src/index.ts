/**
 * `@tombstone/sdk`: the typed client of the Tombstone reference API (or of your own router), for
 * browsers and Node. It carries no server code: the router's type is generated into the package.
 */
export {
  type Article,
  type ArticleCreate,
  type ArticleFilter,
  type ArticlePatch,
  type Author,
  type AuthorCreate,
  type AuthorFilter,
  type AuthorPatch,
  articleCreateSchema,
  articleFilterSchema,
  articlePatchSchema,
  articleSchema,
  authorCreateSchema,
  authorFilterSchema,
  authorPatchSchema,
  authorSchema,
  type BulkError,
  type BulkResult,
  bulkResultSchema,
  type Category,
  type CategoryCreate,
  type CategoryFilter,
  type CategoryPatch,
  type Comment,
  type CommentCreate,
  type CommentFilter,
  type CommentPatch,
  categoryCreateSchema,
  categoryFilterSchema,
  categoryPatchSchema,
  categorySchema,
  commentCreateSchema,
  commentFilterSchema,
  commentPatchSchema,
  commentSchema,
  type DeletedScope,
  type TrashEntry,
  type TrashListInput,
  trashEntrySchema,
  type ZodErrorData,
} from '@tombstone/shared';
export { type ClientOptions, createClient, type TombstoneClient } from './create-client.js';
export { isTombstoneError, type TombstoneError, type TombstoneErrorCode } from './errors.js';
export type { AppRouter, ErrorShape } from './generated/app-router.js';
