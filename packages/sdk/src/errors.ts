import { TRPCClientError } from '@trpc/client';
import type { AnyTRPCRouter } from '@trpc/server';
import type { AppRouter } from './generated/app-router.js';

/** An error the API answered with: `error.data.code` is the tRPC code (`NOT_FOUND`, `CONFLICT`…). */
export type TombstoneError<TRouter extends AnyTRPCRouter = AppRouter> = TRPCClientError<TRouter>;

/** The error codes of the contract. */
export type TombstoneErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INTERNAL_SERVER_ERROR'
  /** 503: the server lost its database connection during the request; try again. */
  | 'SERVICE_UNAVAILABLE';

/**
 * Whether `error` came from the API, optionally with the given code. Pass your router's type for
 * typed `error.data` on your own API.
 *
 * @example
 * try { await client.articles.get.query({ id: 1 }); }
 * catch (e) { if (isTombstoneError(e, 'NOT_FOUND')) console.log('gone'); }
 */
export function isTombstoneError<TRouter extends AnyTRPCRouter = AppRouter>(
  error: unknown,
  code?: TombstoneErrorCode,
): error is TombstoneError<TRouter> {
  if (!(error instanceof TRPCClientError)) return false;
  return code === undefined || (error as TRPCClientError<AnyTRPCRouter>).data?.code === code;
}
