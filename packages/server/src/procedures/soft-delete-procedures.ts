import {
  adminListInputSchema,
  bulkIdsSchemaOf,
  bulkResultSchemaOf,
  deletePreviewSchema,
  idInputSchemaOf,
  idSchema,
  listInputSchema,
  MAX_BULK_IDS,
  pageSchema,
  type RowId,
  restoreInputSchemaOf,
  updateInputSchemaOf,
} from '@tombstone/shared';
import { TRPCError, type TRPCRootObject, type TRPCRuntimeConfigOptions } from '@trpc/server';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { keyTypeOf } from '../cascade/relation-graph.js';
import { DEFAULT_KEY_TYPE } from '../cascade/row-id.js';
import {
  asConflicts,
  type ExpectedState,
  expectedStateSchema,
  withExpectation,
} from '../concurrency/expected-state.js';
import type { LifecycleHooks } from '../lifecycle/lifecycle-hooks.js';
import { registerTableLifecycle } from '../lifecycle/table-lifecycle-registry.js';
import type { SoftDeleteColumn, SoftDeleteColumnOf } from '../plugin/soft-delete-column.js';
import {
  type DeletePolicy,
  isRestorable,
  noDeleteMessage,
  type PolicyProcedures,
  registerDeletePolicy,
} from '../policy/delete-policy.js';
import { noCascadeGraph } from '../policy/no-cascade-graph.js';
import { createPolicyDelete } from '../policy/policy-delete.js';
import { BulkResultBuilder } from './bulk-result.js';
import { toTRPCError } from './database-errors.js';
import { registerProcedure } from './registry.js';
import { validatingResolvers } from './resolver-validation.js';
import {
  createTableAccess,
  type RowVerdict,
  type TableAccess,
  type TableAccessConfig,
} from './table-access.js';
import type { Authorize, SoftDeleteOperation, TombstoneContext } from './types.js';
import { toColumnValues, toWireRow } from './wire-mapping.js';

/** The database type of a context `{ db: Kysely<DB> }`. */
export type DatabaseOf<TContext> = TContext extends { db: Kysely<infer DB> } ? DB : never;

/** How a `list` filter key matches: case-insensitive substring, or equality. */
export type FilterMatch = 'icontains' | 'eq';

/** Options of {@link softDeleteProcedures}. */
export interface SoftDeleteProceduresOptions<
  TContext extends TombstoneContext,
  TMeta extends object,
  TOptions extends TRPCRuntimeConfigOptions<TContext, TMeta>,
  TTable extends keyof DatabaseOf<TContext> & string,
  TRow extends z.ZodType,
  TCreate extends z.ZodObject,
  TPatch extends z.ZodType,
  TFilter extends z.ZodObject,
  TId extends z.ZodType<RowId> = typeof idSchema,
  TPolicy extends DeletePolicy = 'soft',
> {
  /** The tRPC root object (`initTRPC.context<Ctx>().create()`). */
  t: TRPCRootObject<TContext, TMeta, TOptions>;
  /** The table, checked against the `Database` interface of `ctx.db`. */
  table: TTable;
  /**
   * The key column: a single-column primary key, or a column with a single-column unique
   * (non-partial) index, of type `smallint`, `integer`, `bigint`, `uuid`, `text` or `varchar`
   * (checked by `createTombstone`). Default `id`. Give its Zod schema as `schemas.id`.
   */
  idColumn?: keyof DatabaseOf<TContext>[TTable] & string;
  /** The soft-delete column and its kind (boolean flag or timestamp). */
  softDelete: SoftDeleteColumnOf<DatabaseOf<TContext>[TTable]>;
  /**
   * Zod schemas, e.g. from `@tombstone/shared`: the wire row, create input, update patch, list
   * filter, and `id`, the ids of the key column (default `idSchema`, a positive 32-bit integer;
   * `uuidIdSchema`, `bigintIdSchema` or `z.string()` for other keys). The `{ id }`, `{ ids }`,
   * update and `BulkResult` schemas are built from `id`.
   */
  schemas: { row: TRow; create: TCreate; patch: TPatch; filter: TFilter; id?: TId };
  /** For each key of the filter schema, the column it matches and how. */
  filters?: {
    [K in keyof z.infer<TFilter>]-?: {
      column: keyof DatabaseOf<TContext>[TTable] & string;
      match: FilterMatch;
    };
  };
  /** Database row → wire row. Default: camelCase keys, dates as ISO 8601 strings. */
  toRow?: (row: Selectable<DatabaseOf<TContext>[TTable]>) => z.input<TRow>;
  /**
   * Validated create input or update patch → column values. Default: snake_case keys. Use it to
   * set columns the caller may not choose, such as the owner on create.
   */
  toValues?: (args: {
    ctx: TContext;
    operation: 'create' | 'update';
    input: Record<string, unknown>;
  }) => Record<string, unknown>;
  /**
   * Input keys that reference a soft-deletable table, e.g. `{ articleId: 'article' }`: create and
   * update answer `NOT_FOUND` when the referenced row is absent or soft-deleted.
   */
  references?: { [K in keyof z.infer<TCreate>]?: keyof DatabaseOf<TContext> & string };
  /** Who may do what; default: everything is allowed. See {@link Authorize}. */
  authorize?: Authorize<TContext, Selectable<DatabaseOf<TContext>[TTable]>>;
  /** The user id recorded in the audit trail (stored as text). Default: none (`null`). */
  actorId?: (ctx: TContext) => RowId | null;
  /**
   * The existence rule: whether the caller may know that a soft-deleted row exists. A deleted row
   * they may not see answers every id-taking operation exactly as an absent id does (`NOT_FOUND`,
   * per id in bulk) instead of `FORBIDDEN`, so the trash reveals nothing. Unset: everyone may.
   *
   * @example
   * canSeeDeleted: ({ ctx, row }) => ctx.user?.isStaff === true || row.author_id === ctx.user?.id
   */
  canSeeDeleted?: (args: {
    ctx: TContext;
    row: Selectable<DatabaseOf<TContext>[TTable]>;
  }) => boolean | Promise<boolean>;
  /** Most ids one bulk call takes. Default 10,000. */
  maxBulkIds?: number;
  /**
   * Hooks of this table, called once per statement that changes its rows — requested or
   * cascaded from another table — inside the transaction. See docs/lifecycle.md.
   */
  hooks?: LifecycleHooks<DatabaseOf<TContext>, TTable>;
  /**
   * What `delete` does to this table's rows (see {@link DeletePolicy}): `soft` (default),
   * `soft-no-cascade`, `hard`, `hard-if-unreferenced` or `none`. Under `hard` and `none` the router has no
   * `restore` / `bulkRestore` (in its type too); under `none` deletes answer `FORBIDDEN`.
   */
  policy?: TPolicy;
  /**
   * A timestamp column the application bumps on every change (e.g. `updated_at`): enables
   * `expected.unmodifiedSince` on delete / restore / hardDelete. See {@link expectedStateSchema}.
   */
  updatedAtColumn?: keyof DatabaseOf<TContext>[TTable] & string;
}

/**
 * Builds a complete soft-delete tRPC router for one table: `list`, `get`, `create`, `update`,
 * `delete`, `bulkDelete`, `previewDelete` (what a delete would take or what blocks it, changing
 * nothing), `restore` (`withAncestors` to bring back the deleted parents too), `bulkRestore` and
 * `hardDelete`, behaving as docs/reference-api.md
 * says (deleted rows hidden, idempotent delete, bulk operations in one statement with partial
 * success, cascades along foreign keys, audit trail). Every mutation runs in a transaction.
 * Merge extra procedures beside the generated ones with `t.router({ ...router._def.record, extra })`
 * or `t.mergeRouters(...)`. Call {@link createTombstone} at start-up to validate the schema.
 *
 * @example
 * const articles = softDeleteProcedures({
 *   t,
 *   table: 'article',
 *   softDelete: { column: 'is_deleted', kind: 'boolean' },
 *   schemas: { row: articleSchema, create: articleCreateSchema, patch: articlePatchSchema, filter: articleFilterSchema },
 *   filters: { title: { column: 'title', match: 'icontains' }, authorId: { column: 'author_id', match: 'eq' }, categoryId: { column: 'category_id', match: 'eq' } },
 *   toValues: ({ ctx, operation, input }) => operation === 'create' ? { ...toColumnValues(input), author_id: ctx.user!.id } : toColumnValues(input),
 * });
 */
export function softDeleteProcedures<
  TContext extends TombstoneContext,
  TMeta extends object,
  TOptions extends TRPCRuntimeConfigOptions<TContext, TMeta>,
  TTable extends keyof DatabaseOf<TContext> & string,
  TRow extends z.ZodType,
  TCreate extends z.ZodObject,
  TPatch extends z.ZodType,
  TFilter extends z.ZodObject,
  TId extends z.ZodType<RowId> = typeof idSchema,
  const TPolicy extends DeletePolicy = 'soft',
>(
  options: SoftDeleteProceduresOptions<
    TContext,
    TMeta,
    TOptions,
    TTable,
    TRow,
    TCreate,
    TPatch,
    TFilter,
    TId,
    TPolicy
  >,
) {
  const { t, schemas } = options;
  const policy: DeletePolicy = options.policy ?? 'soft';
  const access = accessFor(options as unknown as AnyOptions, policy);
  const authorize = options.authorize ?? (() => true);
  const actorId = options.actorId ?? (() => null);
  const policyDelete = policyDeleteFor(options as unknown as AnyOptions, policy);
  /** `FORBIDDEN` under the `none` policy. */
  const deletable = () => {
    if (policy === 'none')
      throw new TRPCError({ code: 'FORBIDDEN', message: noDeleteMessage(options.table) });
  };
  const keyType = (ctx: TContext) =>
    ctx.tombstone ? keyTypeOf(ctx.tombstone.graph, options.table) : DEFAULT_KEY_TYPE;
  /** The row check with the caller's `expected` state (see {@link expectedStateSchema}). */
  const expecting = (
    ctx: TContext,
    check: Awaited<ReturnType<typeof rowCheck>>,
    expected: ExpectedState | undefined,
    collect?: Map<RowId, string>,
  ) =>
    withExpectation(check, expected, {
      table: options.table,
      idColumn: options.idColumn ?? 'id',
      keyType: keyType(ctx),
      softDelete: options.softDelete as SoftDeleteColumn,
      updatedAtColumn: options.updatedAtColumn,
      ...(collect ? { collect } : {}),
    });
  type Ctx = TContext;
  // Resolvers typed for the generic context (tRPC types `ctx` structurally inside a generic),
  // validating their own input and output (see `validateInResolvers`).
  const { resolve, seal } = validatingResolvers<TContext>();
  type DbRow = Selectable<DatabaseOf<TContext>[TTable]>;

  /** The request-level call; `FORBIDDEN` on `false`. */
  async function gate(ctx: Ctx, operation: SoftDeleteOperation, input?: Record<string, unknown>) {
    const decision = await authorize({ ctx, operation, ...(input ? { input } : {}) });
    if (!decision) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `You may not ${operation} ${options.table} rows.` });
    }
    return decision;
  }

  /**
   * The row-level check of an operation, or `null` when the gate allowed every row (`'all'`):
   * bulk operations then need not read the rows to authorize them.
   */
  const canSeeDeleted = options.canSeeDeleted;
  const isDeletedRow = (row: Record<string, unknown>) =>
    options.softDelete.kind === 'boolean'
      ? row[options.softDelete.column] === true
      : row[options.softDelete.column] != null;

  /**
   * The row-level check of an operation on ids, or `null` when every row is allowed. With
   * `canSeeDeleted`, a denied row the caller may not see answers `'hidden'` (→ `NOT_FOUND`, as an
   * absent id), and a denial at the gate is decided per row too, so absent ids stay `NOT_FOUND`.
   */
  async function rowCheck(ctx: Ctx, operation: SoftDeleteOperation, input?: Record<string, unknown>) {
    const args = input ? { input } : {};
    const decision = canSeeDeleted
      ? await authorize({ ctx, operation, ...args })
      : await gate(ctx, operation, input);
    if (decision === 'all') return null;
    return async (row: Record<string, unknown>): Promise<RowVerdict> => {
      if (decision && (await authorize({ ctx, operation, row: row as DbRow, ...args }))) return true;
      if (canSeeDeleted && isDeletedRow(row) && !(await canSeeDeleted({ ctx, row: row as DbRow }))) {
        return 'hidden';
      }
      return false;
    };
  }

  const row = schemas.row;
  const page = pageSchema(row);
  // `undefined`, not `void`: tRPC serializes `void` outputs to `never` on the client.
  const nothing = z.undefined();
  const ids = idSchemas(schemas.id ?? (idSchema as unknown as TId), options.maxBulkIds);
  const listInput = listInputSchema(schemas.filter);
  const updateInput = updateInputSchemaOf(ids.id, schemas.patch);
  const restoreInput = restoreInputSchemaOf(ids.id).extend(expectedInput);

  const record = {
    list: t.procedure
      .input(listInput)
      .output(page)
      .query(
        resolve(listInput, page, async (ctx, input) => {
          await gate(ctx, 'list');
          return access.list(ctx, { ...input, deleted: 'exclude' });
        }),
      ),

    get: t.procedure
      .input(ids.idInput)
      .output(row)
      .query(
        resolve(ids.idInput, row, async (ctx, input) => {
          await gate(ctx, 'get');
          return access.get(ctx, input.id, 'exclude');
        }),
      ),

    create: t.procedure
      .input(schemas.create)
      .output(row)
      .mutation(
        resolve(schemas.create, row, async (ctx, input) => {
          const values = input as Record<string, unknown>;
          await gate(ctx, 'create', values);
          return access.create(ctx, values);
        }),
      ),

    update: t.procedure
      .input(updateInput)
      .output(row)
      .mutation(
        resolve(updateInput, row, async (ctx, input) => {
          const patch = input.patch as Record<string, unknown>;
          return access.update(ctx, input.id, patch, 'exclude', await rowCheck(ctx, 'update', patch));
        }),
      ),

    delete: t.procedure
      .input(ids.idExpected)
      .output(nothing)
      .mutation(
        resolve(ids.idExpected, nothing, async (ctx, input) => {
          deletable();
          const check = expecting(ctx, await rowCheck(ctx, 'delete'), input.expected);
          if (policyDelete) await policyDelete.deleteOne(ctx, input.id, actorId(ctx), check);
          else await access.softDelete(ctx, input.id, actorId(ctx), check);
          return undefined;
        }),
      ),

    bulkDelete: t.procedure
      .input(ids.bulkExpected)
      .output(ids.bulkResult)
      .mutation(
        resolve(ids.bulkExpected, ids.bulkResult, async (ctx, input) => {
          deletable();
          const conflicts = new Map<RowId, string>();
          const check = expecting(ctx, await rowCheck(ctx, 'bulkDelete'), input.expected, conflicts);
          // The ids come back in the form the caller passed them, so they match the id schema.
          const result = policyDelete
            ? await policyDelete.deleteMany(ctx, input.ids, actorId(ctx), check)
            : await access.bulkSoftDelete(ctx, input.ids, actorId(ctx), check);
          return asConflicts(result, conflicts, keyType(ctx)) as never;
        }),
      ),

    previewDelete: t.procedure
      .input(ids.bulkInput)
      .output(deletePreviewSchema)
      .query(
        resolve(ids.bulkInput, deletePreviewSchema, async (ctx, input) => {
          return access.previewDelete(ctx, input.ids, await rowCheck(ctx, 'delete'));
        }),
      ),

    restore: t.procedure
      .input(restoreInput)
      .output(row)
      .mutation(
        resolve(restoreInput, row, async (ctx, input) => {
          const check = expecting(ctx, await rowCheck(ctx, 'restore'), input.expected);
          return access.restore(ctx, input.id, actorId(ctx), check, input.withAncestors === true);
        }),
      ),

    bulkRestore: t.procedure
      .input(ids.bulkExpected)
      .output(ids.bulkResult)
      .mutation(
        resolve(ids.bulkExpected, ids.bulkResult, async (ctx, input) => {
          const conflicts = new Map<RowId, string>();
          const check = expecting(ctx, await rowCheck(ctx, 'bulkRestore'), input.expected, conflicts);
          const result = await access.bulkRestore(ctx, input.ids, actorId(ctx), check);
          return asConflicts(result, conflicts, keyType(ctx)) as never;
        }),
      ),

    hardDelete: t.procedure
      .input(ids.idExpected)
      .output(nothing)
      .mutation(
        resolve(ids.idExpected, nothing, async (ctx, input) => {
          deletable();
          const check = expecting(ctx, await rowCheck(ctx, 'hardDelete'), input.expected);
          await access.hardDelete(ctx, input.id, check, actorId(ctx));
          return undefined;
        }),
      ),
  };
  const procedures = (isRestorable(policy) ? record : withoutRestore(record)) as PolicyProcedures<
    typeof record,
    TPolicy
  >;
  seal(procedures);
  const router = t.router(procedures);
  register(router, options as unknown as AnyOptions);
  for (const procedure of Object.values(router._def.procedures as Record<string, object>)) {
    registerDeletePolicy(procedure, policy);
  }
  return router;
}

/** The procedures without `restore` / `bulkRestore`. */
function withoutRestore<TRecord extends { restore: unknown; bulkRestore: unknown }>(
  record: TRecord,
): Omit<TRecord, 'restore' | 'bulkRestore'> {
  const { restore: _restore, bulkRestore: _bulkRestore, ...rest } = record;
  return rest;
}

/** The delete of a `hard` / `hard-if-unreferenced` table; `null` under the other policies. */
function policyDeleteFor(options: AnyOptions, policy: DeletePolicy) {
  if (policy !== 'hard' && policy !== 'hard-if-unreferenced') return null;
  return createPolicyDelete({
    table: options.table,
    idColumn: options.idColumn ?? 'id',
    softDelete: options.softDelete,
    policy,
    toTRPCError: (error) => toTRPCError(error, options.table),
    bulkResult: () => new BulkResultBuilder(),
  });
}

/**
 * The admin variant of {@link softDeleteProcedures}: `list` (with `deleted: 'exclude' | 'include'
 * | 'only'`, default `include`), `get` and `update`, all of which see soft-deleted rows. Guard it
 * with `authorize` (staff only, say).
 *
 * @example
 * const adminArticles = adminSoftDeleteProcedures({ t, table: 'article', softDelete, schemas, authorize: staffOnly });
 */
export function adminSoftDeleteProcedures<
  TContext extends TombstoneContext,
  TMeta extends object,
  TOptions extends TRPCRuntimeConfigOptions<TContext, TMeta>,
  TTable extends keyof DatabaseOf<TContext> & string,
  TRow extends z.ZodType,
  TCreate extends z.ZodObject,
  TPatch extends z.ZodType,
  TFilter extends z.ZodObject,
  TId extends z.ZodType<RowId> = typeof idSchema,
>(
  options: SoftDeleteProceduresOptions<
    TContext,
    TMeta,
    TOptions,
    TTable,
    TRow,
    TCreate,
    TPatch,
    TFilter,
    TId
  >,
) {
  const { t, schemas } = options;
  const access = accessFor(options as unknown as AnyOptions);
  const authorize = options.authorize ?? (() => true);
  const ids = idSchemas(schemas.id ?? (idSchema as unknown as TId));
  type Ctx = TContext;
  // Resolvers typed for the generic context (tRPC types `ctx` structurally inside a generic),
  // validating their own input and output (see `validateInResolvers`).
  const { resolve, seal } = validatingResolvers<TContext>();

  async function gate(ctx: Ctx, operation: 'list' | 'get' | 'update', input?: Record<string, unknown>) {
    const decision = await authorize({ ctx, operation, ...(input ? { input } : {}) });
    if (!decision) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `You may not ${operation} ${options.table} rows here.`,
      });
    }
    return decision;
  }

  const page = pageSchema(schemas.row);
  const listInput = adminListInputSchema(schemas.filter);
  const updateInput = updateInputSchemaOf(ids.id, schemas.patch);
  const record = {
    list: t.procedure
      .input(listInput)
      .output(page)
      .query(
        resolve(listInput, page, async (ctx, input) => {
          await gate(ctx, 'list');
          return access.list(ctx, input);
        }),
      ),

    get: t.procedure
      .input(ids.idInput)
      .output(schemas.row)
      .query(
        resolve(ids.idInput, schemas.row, async (ctx, input) => {
          await gate(ctx, 'get');
          return access.get(ctx, input.id, 'include');
        }),
      ),

    update: t.procedure
      .input(updateInput)
      .output(schemas.row)
      .mutation(
        resolve(updateInput, schemas.row, async (ctx, input) => {
          const patch = input.patch as Record<string, unknown>;
          const decision = await gate(ctx, 'update', patch);
          return access.update(
            ctx,
            input.id,
            patch,
            'include',
            decision === 'all'
              ? null
              : async (r) =>
                  Boolean(
                    await authorize({
                      ctx,
                      operation: 'update',
                      row: r as Selectable<DatabaseOf<TContext>[TTable]>,
                      input: patch,
                    }),
                  ),
          );
        }),
      ),
  };
  seal(record);
  const router = t.router(record);
  register(router, options as unknown as AnyOptions);
  return router;
}

/** The optional `expected` state of delete / restore / hardDelete inputs. */
const expectedInput = { expected: expectedStateSchema.optional() };

/** The input and output schemas that carry ids, built from the table's id schema. */
function idSchemas<TId extends z.ZodType<RowId>>(id: TId, maxBulkIds: number = MAX_BULK_IDS) {
  const expected = expectedInput;
  return {
    id,
    idInput: idInputSchemaOf(id),
    idExpected: idInputSchemaOf(id).extend(expected),
    bulkInput: bulkIdsSchemaOf(id, maxBulkIds),
    bulkExpected: bulkIdsSchemaOf(id, maxBulkIds).extend(expected),
    bulkResult: bulkResultSchemaOf(id),
  };
}

/** The options as the untyped plumbing below sees them. */
interface AnyOptions {
  table: string;
  idColumn?: string;
  softDelete: SoftDeleteColumn;
  filters?: Record<string, { column: string; match: FilterMatch }>;
  references?: Record<string, string | undefined>;
  toRow?: (row: never) => unknown;
  toValues?: TableAccessConfig['toValues'];
  hooks?: LifecycleHooks;
}

function accessFor(options: AnyOptions, policy: DeletePolicy = 'soft'): TableAccess {
  return createTableAccess({
    ...(policy === 'soft-no-cascade' ? { deleteGraph: noCascadeGraph } : {}),
    table: options.table,
    idColumn: options.idColumn ?? 'id',
    softDelete: options.softDelete,
    filters: options.filters ?? {},
    references: options.references ?? {},
    toRow: options.toRow ?? (toWireRow as (row: never) => unknown),
    toValues: options.toValues ?? (({ input }) => toColumnValues(input)),
    toTRPCError: (error) => toTRPCError(error, options.table),
    bulkResult: () => new BulkResultBuilder(),
  });
}

function register(router: { _def: { procedures: object } }, options: AnyOptions): void {
  const requirement = {
    table: options.table,
    idColumn: options.idColumn ?? 'id',
    softDelete: options.softDelete,
  };
  for (const procedure of Object.values(router._def.procedures as Record<string, object>)) {
    registerProcedure(procedure, requirement);
    registerTableLifecycle(procedure, { table: options.table, hooks: options.hooks });
  }
}
