import type { JobOptions } from '../jobs/job-context.js';
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

/** How the generated procedures run a job: the tombstone's chunk size, transactions and lifecycle. */
export function jobOptionsOf(ctx: TombstoneContext): JobOptions {
  const tombstone = ctx.tombstone;
  if (!tombstone) return {};
  return {
    ...(tombstone.largeOperations ? { maxRows: tombstone.largeOperations.maxRows } : {}),
    ...(tombstone.transactions ? { transactions: tombstone.transactions } : {}),
    lifecycle: tombstone.lifecycle,
  };
}
