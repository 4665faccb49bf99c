import { z } from 'zod';
import { idSchema, text, timestampSchema } from './common.js';

/** An author as the API returns it. */
export const authorSchema = z.object({
  id: idSchema,
  name: z.string(),
  email: z.string(),
  isStaff: z.boolean(),
  isDeleted: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** Input of `authors.create` (staff only). */
export const authorCreateSchema = z.strictObject({
  name: text().trim().min(1).max(100),
  email: z.email().max(254),
  isStaff: z.boolean().optional(),
});

/** `patch` of `authors.update`: any subset of the create input. */
export const authorPatchSchema = authorCreateSchema.partial();

/** Filters of `authors.list`: `name` matches case-insensitively as a substring. */
export const authorFilterSchema = z.strictObject({ name: text().max(100).optional() });

export type Author = z.infer<typeof authorSchema>;
export type AuthorCreate = z.infer<typeof authorCreateSchema>;
export type AuthorPatch = z.infer<typeof authorPatchSchema>;
export type AuthorFilter = z.infer<typeof authorFilterSchema>;
