import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { canonicalId, type RowId } from '../cascade/row-id.js';
import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';

/**
 * The optional `expected` input of `delete`, `bulkDelete`, `restore`, `bulkRestore` and
 * `hardDelete`: the state of the row(s) the caller saw. Every field given must still hold, or the
 * id answers `CONFLICT` and nothing of it changes (optimistic concurrency):
 *
 * - `deleted`: the soft-delete state seen (`false`: "I saw it live" — a delete of a row someone
 *   deleted meanwhile is a conflict, not an idempotent success; `true` for restores);
 * - `unmodifiedSince`: an ISO 8601 instant; the row's `updatedAtColumn` (a factory option) must
 *   not be later (millisecond precision, as the wire shows it).
 */
export const expectedStateSchema = z.strictObject({
  deleted: z.boolean().optional(),
  unmodifiedSince: z.iso.datetime({ offset: true }).optional(),
});

/** See {@link expectedStateSchema}. */
export type ExpectedState = z.infer<typeof expectedStateSchema>;

type DbRow = Record<string, unknown>;

/** Why a row does not match `expected`, or `null` when it does. */
export function mismatch(
  row: DbRow,
  expected: ExpectedState,
  table: string,
  softDelete: SoftDeleteColumn,
  updatedAtColumn: string | undefined,
): string | null {
  const flag = row[softDelete.column];
  const deleted = softDelete.kind === 'boolean' ? flag === true : flag != null;
  if (expected.deleted !== undefined && expected.deleted !== deleted) {
    return `The ${table} row was ${deleted ? 'deleted' : 'restored'} meanwhile (expected ${expected.deleted ? 'deleted' : 'live'}). Reload it and try again.`;
  }
  if (expected.unmodifiedSince !== undefined) {
    if (!updatedAtColumn) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `expected.unmodifiedSince needs an updated-at column: ${table} has none configured (updatedAtColumn).`,
      });
    }
    const value = row[updatedAtColumn];
    const at = value instanceof Date ? value.getTime() : Date.parse(String(value));
    if (at > Date.parse(expected.unmodifiedSince)) {
      return `The ${table} row was modified at ${new Date(at).toISOString()}, after ${expected.unmodifiedSince}. Reload it and try again.`;
    }
  }
  return null;
}

/** A row-level check, as the table access takes it: `true` allows the row, anything else refuses it. */
export type RowCheckFn<TVerdict extends boolean | string = boolean> =
  | ((row: DbRow) => TVerdict | Promise<TVerdict>)
  | null;

/**
 * Wraps a row-level check with `expected`. Single-row operations throw `CONFLICT`; bulk ones
 * (`collect`) refuse the row and record why, for {@link asConflicts} to turn the `FORBIDDEN` the
 * bulk reports for it into `CONFLICT`. Without `expected`, the check is returned unchanged.
 */
export function withExpectation<TVerdict extends boolean | string>(
  check: RowCheckFn<TVerdict>,
  expected: ExpectedState | undefined,
  options: {
    table: string;
    idColumn: string;
    keyType: string;
    softDelete: SoftDeleteColumn;
    updatedAtColumn: string | undefined;
    collect?: Map<RowId, string>;
  },
): RowCheckFn<TVerdict | boolean> {
  if (!expected || (expected.deleted === undefined && expected.unmodifiedSince === undefined)) return check;
  return async (row) => {
    // Authorization first: a row the caller may not touch (or see) answers as before.
    const verdict = check ? await check(row) : true;
    if (verdict !== true) return verdict;
    const why = mismatch(row, expected, options.table, options.softDelete, options.updatedAtColumn);
    if (why !== null) {
      if (!options.collect) throw new TRPCError({ code: 'CONFLICT', message: why });
      options.collect.set(canonicalId(row[options.idColumn], options.keyType), why);
      return false;
    }
    return true;
  };
}

/** A bulk result with the ids refused by `expected` reported as `CONFLICT`, with the reason. */
export function asConflicts<TResult>(
  result: TResult,
  conflicts: ReadonlyMap<RowId, string>,
  keyType: string,
): TResult {
  if (conflicts.size === 0) return result;
  const errors = (result as { errors: { details: Array<{ id: RowId; code: string; message: string }> } })
    .errors;
  for (const detail of errors.details) {
    const why = conflicts.get(canonicalId(detail.id, keyType));
    if (why !== undefined) {
      detail.code = 'CONFLICT';
      detail.message = why;
    }
  }
  return result;
}
