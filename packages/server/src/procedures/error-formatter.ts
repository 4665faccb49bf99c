import type { ZodErrorData } from '@tombstone/shared';
import type {
  TRPC_ERROR_CODE_KEY,
  TRPC_ERROR_CODE_NUMBER,
  TRPCDefaultErrorShape,
  TRPCError,
} from '@trpc/server';
import { z } from 'zod';

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

/** The error shape {@link softDeleteErrorFormatter} produces: tRPC's, plus `data.zodError`. */
export interface SoftDeleteErrorShape {
  message: string;
  code: TRPC_ERROR_CODE_NUMBER;
  data: {
    code: TRPC_ERROR_CODE_KEY;
    httpStatus: number;
    path?: string;
    stack?: string;
    zodError: ZodErrorData | null;
  };
}

/** Options of {@link softDeleteErrorFormatter}. */
export interface ErrorFormatterOptions {
  /** Send stack traces and unmasked internal messages (development only). Default `false`. */
  exposeInternals?: boolean;
}

/**
 * An `errorFormatter` for `initTRPC.create()`: bad input answers `BAD_REQUEST` with the Zod
 * issues in `data.zodError`; unexpected errors (`INTERNAL_SERVER_ERROR`) answer only "Internal
 * server error" and no stack trace, unless `exposeInternals` — so no database detail leaks.
 *
 * @example
 * const t = initTRPC.context<Context>().create({
 *   errorFormatter: softDeleteErrorFormatter({ exposeInternals: process.env.NODE_ENV === 'development' }),
 * });
 */
export function softDeleteErrorFormatter(options: ErrorFormatterOptions = {}) {
  const expose = options.exposeInternals ?? false;
  return ({ shape, error }: { shape: TRPCDefaultErrorShape; error: TRPCError }): SoftDeleteErrorShape => {
    const zodError = zodErrorData(error);
    const masked = error.code === 'INTERNAL_SERVER_ERROR' && !expose;
    const { stack, ...data } = shape.data;
    return {
      ...shape,
      message: masked ? 'Internal server error' : shape.message,
      data: { ...data, ...(expose && stack !== undefined ? { stack } : {}), zodError },
    };
  };
}
