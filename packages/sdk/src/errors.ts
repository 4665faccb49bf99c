import type { AppRouter } from '@tombstone/server';
import { TRPCClientError } from '@trpc/client';

/** An error the API answered with: `error.data.code` is the tRPC code (`NOT_FOUND`, `CONFLICT`…). */
export type TombstoneError = TRPCClientError<AppRouter>;

/** The error codes of the contract. */
export type TombstoneErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INTERNAL_SERVER_ERROR';

/**
 * Whether `error` came from the API, optionally with the given code.
 *
 * @example
 * try { await client.articles.get.query({ id: 1 }); }
 * catch (e) { if (isTombstoneError(e, 'NOT_FOUND')) console.log('gone'); }
 */
export function isTombstoneError(error: unknown, code?: TombstoneErrorCode): error is TombstoneError {
  if (!(error instanceof TRPCClientError)) return false;
  return code === undefined || (error as TombstoneError).data?.code === code;
}
