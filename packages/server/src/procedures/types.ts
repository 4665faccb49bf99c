import type { Kysely } from 'kysely';
import type { Tombstone } from './tombstone.js';

/** Every operation `softDeleteProcedures` generates, as `authorize` sees it. */
export type SoftDeleteOperation =
  | 'list'
  | 'get'
  | 'create'
  | 'update'
  | 'delete'
  | 'bulkDelete'
  | 'restore'
  | 'bulkRestore'
  | 'hardDelete';

/** What a context must carry for the generated procedures. */
export interface TombstoneContext {
  // biome-ignore lint/suspicious/noExplicitAny: any database; the options are typed against it.
  db: Kysely<any>;
  /** The runtime from {@link createTombstone}: relation graph and validated tables. */
  tombstone: Tombstone;
}

/**
 * The arguments of an `authorize` call. It is called once per request without `row` (a gate:
 * throw `UNAUTHORIZED` there for anonymous callers), then for every row a row-level operation
 * touches (`update`, `delete`, `bulkDelete`, `restore`, `bulkRestore`, `hardDelete`).
 */
export interface AuthorizeArgs<TContext, TDbRow> {
  ctx: TContext;
  operation: SoftDeleteOperation;
  /** The database row (snake_case), for row-level checks such as ownership. */
  row?: TDbRow;
  /** The validated input of `create`, or the `patch` of `update`. */
  input?: Record<string, unknown>;
}

/**
 * Decides whether the caller may perform an operation: `true` allows, `false` answers
 * `FORBIDDEN` (in bulk operations: that id goes to `errors` with `FORBIDDEN`). Throw a
 * `TRPCError` for any other answer, e.g. `UNAUTHORIZED`.
 */
export type Authorize<TContext, TDbRow> = (
  args: AuthorizeArgs<TContext, TDbRow>,
) => boolean | Promise<boolean>;
