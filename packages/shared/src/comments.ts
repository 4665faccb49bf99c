import { z } from 'zod';
import { idSchema, text, timestampSchema } from './common.js';

/** A comment as the API returns it; `authorId` is `null` once its author is hard-deleted. */
export const commentSchema = z.object({
  id: idSchema,
  articleId: idSchema,
  authorId: idSchema.nullable(),
  body: z.string(),
  isDeleted: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** Input of `comments.create`; the author is the caller, the article must be live. */
export const commentCreateSchema = z.strictObject({
  articleId: idSchema,
  body: text().trim().min(1).max(100_000),
});

/** `patch` of `comments.update`. */
export const commentPatchSchema = commentCreateSchema.partial();

/** Filters of `comments.list`: `body` as a case-insensitive substring, the ids exactly. */
export const commentFilterSchema = z.strictObject({
  body: text().max(1000).optional(),
  articleId: idSchema.optional(),
  authorId: idSchema.optional(),
});

export type Comment = z.infer<typeof commentSchema>;
export type CommentCreate = z.infer<typeof commentCreateSchema>;
export type CommentPatch = z.infer<typeof commentPatchSchema>;
export type CommentFilter = z.infer<typeof commentFilterSchema>;
