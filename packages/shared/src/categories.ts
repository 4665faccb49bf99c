import { z } from 'zod';
import { idSchema, text, timestampSchema } from './common.js';

/** A category as the API returns it; soft-deleted through `deletedAt` (`null` = live). */
export const categorySchema = z.object({
  id: idSchema,
  name: z.string(),
  deletedAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** Input of `categories.create` (staff only). */
export const categoryCreateSchema = z.strictObject({ name: text().trim().min(1).max(100) });

/** `patch` of `categories.update`. */
export const categoryPatchSchema = categoryCreateSchema.partial();

/** Filters of `categories.list`: `name` matches case-insensitively as a substring. */
export const categoryFilterSchema = z.strictObject({ name: text().max(100).optional() });

export type Category = z.infer<typeof categorySchema>;
export type CategoryCreate = z.infer<typeof categoryCreateSchema>;
export type CategoryPatch = z.infer<typeof categoryPatchSchema>;
export type CategoryFilter = z.infer<typeof categoryFilterSchema>;
