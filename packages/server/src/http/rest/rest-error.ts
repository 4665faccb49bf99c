import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { z } from 'zod';
import { type ZodErrorData, zodErrorData } from '../json-response.js';
import { RestInputError } from './rest-input.js';

/** A REST error body: the tRPC code, a message and, for bad input, the Zod issues. */
export interface RestErrorBody {
  error: { code: string; message: string; zodError: ZodErrorData | null };
}

/** An error answer: its status and body, and the error to report when it is unexpected. */
export interface RestErrorAnswer {
  status: number;
  body: RestErrorBody;
  /** Set for an unexpected error (a 500): what `onInternalError` receives. */
  internal?: unknown;
}

/** `{ error: { code, message, zodError } }`. */
export function errorBody(
  code: string,
  message: string,
  zodError: ZodErrorData | null = null,
): RestErrorBody {
  return { error: { code, message, zodError } };
}

/**
 * The answer to a failed REST call: a `TRPCError` gets the status tRPC maps its code to (with the
 * Zod issues of a `BAD_REQUEST`), unreadable input 400, anything else a masked 500.
 *
 * @example
 * restErrorAnswer(new TRPCError({ code: 'NOT_FOUND', message: 'No article with id 9.' }));
 * // { status: 404, body: { error: { code: 'NOT_FOUND', message: 'No article with id 9.', zodError: null } } }
 */
export function restErrorAnswer(error: unknown): RestErrorAnswer {
  if (error instanceof RestInputError) return { status: 400, body: errorBody('BAD_REQUEST', error.message) };
  if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') {
    const zodError = zodErrorData(error);
    // tRPC's message for bad input is the issues as JSON; they are in `zodError` already.
    const message = zodError ? z.prettifyError(error.cause as z.ZodError) : error.message;
    return { status: getHTTPStatusCodeFromError(error), body: errorBody(error.code, message, zodError) };
  }
  return {
    status: 500,
    body: errorBody('INTERNAL_SERVER_ERROR', 'Internal server error'),
    internal: error instanceof TRPCError ? (error.cause ?? error) : error,
  };
}
