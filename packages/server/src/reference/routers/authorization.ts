import { TRPCError } from '@trpc/server';
import type { Authorize, SoftDeleteOperation } from '../../procedures/types.js';
import { toColumnValues } from '../../procedures/wire-mapping.js';
import type { AppContext, AuthUser } from '../context.js';

/** The caller, or `UNAUTHORIZED`. */
export function requireUser(ctx: AppContext): AuthUser {
  if (ctx.user) return ctx.user;
  throw new TRPCError({
    code: 'UNAUTHORIZED',
    message: ctx.hasToken
      ? 'This token is unknown or belongs to a deleted author.'
      : 'Sign in: send Authorization: Bearer <token>.',
  });
}

const STAFF_ONLY: ReadonlySet<SoftDeleteOperation> = new Set(['restore', 'bulkRestore', 'hardDelete']);

/**
 * The contract's rules for a resource owned through a column: anyone reads; any authenticated
 * user creates; the owner or staff update and delete; staff alone restore and hard-delete.
 *
 * @example
 * authorize: ownerOrStaff((row) => row.author_id)
 */
export function ownerOrStaff<TRow>(ownerOf: (row: TRow) => number | null): Authorize<AppContext, TRow> {
  return ({ ctx, operation, row }) => {
    if (operation === 'list' || operation === 'get') return true;
    const user = requireUser(ctx);
    if (user.isStaff) return 'all';
    if (STAFF_ONLY.has(operation)) return false;
    if (operation === 'create' || row === undefined) return true;
    return ownerOf(row) === user.id;
  };
}

/**
 * Authors: anyone reads; an author may update (but not promote) and delete themselves; every
 * other write is staff only.
 */
export const authorRules: Authorize<AppContext, { id: number }> = ({ ctx, operation, row, input }) => {
  if (operation === 'list' || operation === 'get') return true;
  const user = requireUser(ctx);
  if (user.isStaff) return 'all';
  if (operation === 'update') {
    if (input && 'isStaff' in input && input.isStaff !== undefined) return false;
    return row === undefined || row.id === user.id;
  }
  if (operation === 'delete' || operation === 'bulkDelete') return row === undefined || row.id === user.id;
  return false;
};

/** Reads for everyone, writes for staff: categories. */
export const staffWrites: Authorize<AppContext, unknown> = ({ ctx, operation }) => {
  if (operation === 'list' || operation === 'get') return true;
  return requireUser(ctx).isStaff ? 'all' : false;
};

/** Everything for staff only: the `admin.*` routers. */
export const staffOnly: Authorize<AppContext, unknown> = ({ ctx }) =>
  requireUser(ctx).isStaff ? 'all' : false;

/**
 * The existence rule's `canSeeDeleted`: staff, and the owner of the row, may know a deleted row
 * exists; for anyone else it answers as an absent id (`NOT_FOUND`). `ownerOf` returns `null` for
 * rows nobody owns (categories): staff only.
 *
 * @example
 * canSeeDeleted: ownerOrStaffSees((row) => row.author_id)
 */
export function ownerOrStaffSees<TRow>(
  ownerOf: (row: TRow) => number | null,
): (args: { ctx: AppContext; row: TRow }) => boolean {
  return ({ ctx, row }) => {
    if (!ctx.user) return false;
    if (ctx.user.isStaff) return true;
    const owner = ownerOf(row);
    return owner !== null && owner === ctx.user.id;
  };
}

/** The audit trail's actor: the caller's author id. */
export const actorId = (ctx: AppContext): number | null => ctx.user?.id ?? null;

/** Arguments of a `toValues` hook in the reference routers. */
export interface ValuesArgs {
  ctx: AppContext;
  operation: 'create' | 'update';
  input: Record<string, unknown>;
}

/**
 * `toValues` of resources written by the caller: on create, `author_id` is the caller's id (the
 * input has no `authorId`, so nobody writes in someone else's name).
 */
export function callerIsAuthor({ ctx, operation, input }: ValuesArgs): Record<string, unknown> {
  const values = toColumnValues(input);
  return operation === 'create' ? { ...values, author_id: requireUser(ctx).id } : values;
}
