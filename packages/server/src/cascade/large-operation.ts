/**
 * Thrown by `softDeleteRows` / `restoreRows` when a call with `maxRows` would change more rows
 * than that: nothing was changed (the work so far is rolled back to the call's savepoint). The
 * generated procedures catch it and run the operation as a chunked job instead (see
 * `runDeleteJob` / `runRestoreJob`).
 */
export class LargeOperationError extends Error {
  override readonly name = 'LargeOperationError';

  /**
   * @param table the table whose statement went over the limit
   * @param limit the `maxRows` of the call
   */
  constructor(
    readonly table: string,
    readonly limit: number,
  ) {
    super(`More than ${limit} rows would change (reached at table "${table}"): run it as a job.`);
  }
}

/** Whether `error` is a {@link LargeOperationError}. */
export function isLargeOperation(error: unknown): error is LargeOperationError {
  return error instanceof LargeOperationError;
}
