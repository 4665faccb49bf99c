import type { z } from 'zod';

/**
 * The Zod issues of a `BAD_REQUEST`, as both HTTP APIs send them (`data.zodError` on `/trpc`,
 * `error.zodError` on `/api`): the issues, and their flattened form for forms.
 */
export interface ZodErrorData {
  issues: z.core.$ZodIssue[];
  formErrors: string[];
  fieldErrors: Record<string, string[]>;
}
