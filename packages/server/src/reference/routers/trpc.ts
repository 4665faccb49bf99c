import { initTRPC } from '@trpc/server';
import { softDeleteErrorFormatter } from '../../procedures/error-formatter.js';
import type { AppContext } from '../context.js';

/**
 * The tRPC instance of the reference API. Bad input answers `BAD_REQUEST` with the Zod issues in
 * `data.zodError`; stack traces are sent only when `NODE_ENV=development`; unexpected errors are
 * masked so no database detail leaks.
 */
export const t = initTRPC.context<AppContext>().create({
  isDev: process.env.NODE_ENV === 'development',
  errorFormatter: softDeleteErrorFormatter({ exposeInternals: process.env.NODE_ENV === 'development' }),
});

export const router = t.router;
export const publicProcedure = t.procedure;
