import { initTRPC } from '@trpc/server';
import { zodErrorData } from '../http/json-response.js';
import type { AppContext } from './context.js';

const isDev = process.env.NODE_ENV === 'development';

/**
 * The tRPC instance of the reference API. Bad input answers `BAD_REQUEST` with the Zod issues in
 * `data.zodError`; stack traces are sent only when `NODE_ENV=development`; unexpected errors are
 * masked so no database detail leaks.
 */
export const t = initTRPC.context<AppContext>().create({
  isDev,
  errorFormatter({ shape, error }) {
    const zodError = zodErrorData(error);
    const masked = error.code === 'INTERNAL_SERVER_ERROR' && !isDev;
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message: masked ? 'Internal server error' : shape.message,
      data: { ...(isDev ? shape.data : data), zodError },
    };
  },
});

export const router = t.router;
export const publicProcedure = t.procedure;
