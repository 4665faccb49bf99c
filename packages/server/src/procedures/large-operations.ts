import type { JobOptions } from '../jobs/job-context.js';
import type { Tombstone } from './tombstone.js';
import type { TombstoneContext } from './types.js';

/**
 * `{ maxRows }` for the executors when large operations run as jobs (see
 * `TombstoneOptions.largeOperations`), nothing otherwise: past it they throw a
 * `LargeOperationError` and the procedure runs the operation as a job instead.
 */
export function operationLimit(ctx: TombstoneContext): { maxRows?: number } {
  const maxRows = ctx.tombstone?.largeOperations?.maxRows;
  return maxRows === undefined ? {} : { maxRows };
}

/**
 * How a job runs for `tombstone`: its chunk size, transactions and lifecycle; `undefined` when
 * large operations do not run as jobs (see `TombstoneOptions.largeOperations`).
 */
export function jobOptionsFor(
  tombstone: Pick<Tombstone, 'largeOperations' | 'transactions' | 'lifecycle'> | undefined,
): JobOptions | undefined {
  if (!tombstone?.largeOperations) return undefined;
  return {
    maxRows: tombstone.largeOperations.maxRows,
    ...(tombstone.transactions ? { transactions: tombstone.transactions } : {}),
    lifecycle: tombstone.lifecycle,
  };
}

/** How the generated procedures run a job (called only once a `LargeOperationError` says to). */
export function jobOptionsOf(ctx: TombstoneContext): JobOptions {
  return jobOptionsFor(ctx.tombstone) ?? {};
}
