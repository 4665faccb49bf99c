import { z } from 'zod';

/** The Zod issues of a bad input as both HTTP APIs answer them: the issues and their flattened form. */
export interface ZodErrorData {
  issues: z.core.$ZodIssue[];
  formErrors: string[];
  fieldErrors: Record<string, string[]>;
}

/**
 * `{ issues, formErrors, fieldErrors }` of a `ZodError` cause, or `null` for any other error:
 * the `zodError` of a `BAD_REQUEST` on `/trpc` (`data.zodError`) and on `/api` (`error.zodError`).
 *
 * @example
 * zodErrorData(new TRPCError({ code: 'BAD_REQUEST', cause: zodError })); // { issues: [...], formErrors: [], fieldErrors: { id: [...] } }
 */
export function zodErrorData(error: { code: string; cause?: unknown }): ZodErrorData | null {
  if (error.code !== 'BAD_REQUEST' || !(error.cause instanceof z.ZodError)) return null;
  return { issues: error.cause.issues, ...z.flattenError(error.cause) } as ZodErrorData;
}
