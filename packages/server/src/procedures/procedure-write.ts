import type { Kysely } from 'kysely';
import { isLargeOperation } from '../cascade/large-operation.js';
import type { AtEnd } from '../lifecycle/lifecycle.js';
import { runTransaction } from './transaction-policy.js';
import type { TombstoneContext } from './types.js';

// biome-ignore lint/suspicious/noExplicitAny: any database schema.
type AnyDb = Kysely<any>;

/**
 * Runs one write of the generated procedures: a transaction under the tombstone's policy
 * (bounded lock waits, whole-transaction retries, after-hooks queued through `atEnd`), errors
 * mapped by `toTRPCError`. A `LargeOperationError` passes unmapped: the caller runs the operation
 * as a chunked job instead.
 */
export async function runProcedureWrite<T>(
  ctx: TombstoneContext,
  work: (trx: AnyDb, atEnd: AtEnd) => Promise<T>,
  toTRPCError: (error: unknown) => unknown,
): Promise<T> {
  try {
    return await runTransaction(
      ctx.db as AnyDb,
      (trx, attempt) => work(trx, attempt.atEnd),
      ctx.tombstone?.transactions,
    );
  } catch (error) {
    if (isLargeOperation(error)) throw error;
    throw toTRPCError(error);
  }
}
