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
 * What `authorize` answers: `true` allows (at the gate: go on to the row-level calls), `false`
 * answers `FORBIDDEN` (in bulk operations, a row's `false` puts that id in `errors` with
 * `FORBIDDEN`), and `'all'` from the gate allows every row without row-level calls, so bulk
 * operations need not read the rows to authorize them (staff, say).
 */
export type AuthorizeDecision = boolean | 'all';

/**
 * Decides whether the caller may perform an operation; see {@link AuthorizeDecision}. Throw a
 * `TRPCError` for any other answer, e.g. `UNAUTHORIZED`.
 *
 * @example
 * const authorize: Authorize<Ctx, ArticleRow> = ({ ctx, operation, row }) => {
 *   if (operation === 'list' || operation === 'get') return true;
 *   if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED' });
 *   if (ctx.user.isStaff) return 'all';
 *   return row === undefined || row.author_id === ctx.user.id;
 * };
 */
export type Authorize<TContext, TDbRow> = (
  args: AuthorizeArgs<TContext, TDbRow>,
) => AuthorizeDecision | Promise<AuthorizeDecision>;
