import { z } from 'zod';
import { idSchema, text, timestampSchema } from './common.js';

/** An article as the API returns it. */
export const articleSchema = z.object({
  id: idSchema,
  authorId: idSchema,
  categoryId: idSchema.nullable(),
  title: z.string(),
  slug: z.string(),
  content: z.string(),
  isDeleted: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** Input of `articles.create`; the author is the caller. */
export const articleCreateSchema = z.strictObject({
  title: text().trim().min(1).max(200),
  slug: text().regex(/^[a-z0-9-]{1,100}$/, 'slug must be 1 to 100 of a-z, 0-9 and -'),
  content: text().max(100_000),
  categoryId: idSchema.nullable().optional(),
});

/** `patch` of `articles.update`. */
export const articlePatchSchema = articleCreateSchema.partial();

/** Filters of `articles.list`: `title` as a case-insensitive substring, the ids exactly. */
export const articleFilterSchema = z.strictObject({
  title: text().max(200).optional(),
  authorId: idSchema.optional(),
  categoryId: idSchema.optional(),
});

export type Article = z.infer<typeof articleSchema>;
export type ArticleCreate = z.infer<typeof articleCreateSchema>;
export type ArticlePatch = z.infer<typeof articlePatchSchema>;
export type ArticleFilter = z.infer<typeof articleFilterSchema>;
