import { TRPCError } from '@trpc/server';
import { isConnectionLoss } from './connection-loss.js';

interface PgError {
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
}

function pgError(error: unknown): PgError | null {
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as PgError).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? (error as PgError) : null;
}

/** The column list of a unique violation's detail: `Key (slug)=(x) already exists.` → `slug`. */
export function uniqueViolationColumns(error: unknown): string | null {
  const detail = pgError(error)?.detail;
  return detail?.match(/^Key \(([^)]+)\)=/)?.[1] ?? null;
}

/** Whether `error` is the PostgreSQL error with this SQLSTATE (`23505` unique, `23503` FK…). */
export function isPgError(error: unknown, code: string): boolean {
  return pgError(error)?.code === code;
}

/**
 * Turns a database error into the contract's tRPC error, in one place: unique violation (`23505`)
 * → `CONFLICT` naming the column; foreign-key violation (`23503`) → `CONFLICT` (a row still
 * references it) or `NOT_FOUND` (it references a row that does not exist); invalid input
 * (`22xxx`) → `BAD_REQUEST`; a lost connection → `SERVICE_UNAVAILABLE` (503, no detail: the
 * transaction did not commit, unless the connection dropped during the commit itself). Anything
 * else is passed through unchanged.
 */
export function toTRPCError(error: unknown, table?: string): unknown {
  if (error instanceof TRPCError) return error;
  if (isConnectionLoss(error)) {
    return new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The connection to the database was lost during this request. Try again.',
      cause: error,
    });
  }
  const pg = pgError(error);
  if (!pg?.code) return error;
  const subject = table ? `"${table}"` : 'this table';
  if (pg.code === '23505') {
    const column = uniqueViolationColumns(error);
    return new TRPCError({
      code: 'CONFLICT',
      message: column
        ? `A live row of ${subject} already has this ${column}. Choose another ${column}, or delete that row first.`
        : `A live row of ${subject} already holds one of these unique values.`,
      cause: error,
    });
  }
  if (pg.code === '23503') {
    const referencing = /is still referenced from table "([^"]+)"/.exec(
      String((error as Error).message ?? ''),
    );
    if (referencing || pg.detail?.includes('is still referenced')) {
      const child = referencing?.[1] ?? pg.detail?.match(/from table "([^"]+)"/)?.[1] ?? 'another table';
      return new TRPCError({
        code: 'CONFLICT',
        message: `Rows of "${child}" still reference this row (RESTRICT). Delete or move them first.`,
        cause: error,
      });
    }
    const column = pg.detail?.match(/^Key \(([^)]+)\)=/)?.[1];
    return new TRPCError({
      code: 'NOT_FOUND',
      message: column
        ? `The row that ${column} refers to does not exist.`
        : 'A referenced row does not exist.',
      cause: error,
    });
  }
  if (pg.code.startsWith('22')) {
    return new TRPCError({
      code: 'BAD_REQUEST',
      message: 'A value is out of range or malformed.',
      cause: error,
    });
  }
  return error;
}
