import type { DeletedScope } from '@tombstone/shared';
import { TRPCError } from '@trpc/server';
import { type Kysely, type SqlBool, sql } from 'kysely';
import { uniqueSortedIds } from '../cascade/id-list.js';
import {
  closeVanishedEntries,
  dependentTables,
  heldMessage,
  holdOf,
  lockAncestors,
  previewSoftDelete,
  restoreAncestors,
  restoreRows,
  softDeleteRows,
} from '../cascade/index.js';
import { isLargeOperation } from '../cascade/large-operation.js';
import type { RelationGraph } from '../cascade/relation-graph.js';
import { canonicalId, type RowId } from '../cascade/row-id.js';
import { idArray } from '../cascade/soft-delete-sql.js';
import { runDeleteJob } from '../jobs/delete-job.js';
import { runRestoreJob } from '../jobs/restore-job.js';
import { collectCascadedRemovals } from '../lifecycle/cascaded-removals.js';
import { afterRestore, afterRowsGone, afterSoftDelete, lifecycleOf } from '../lifecycle/dispatch.js';
import type { AtEnd } from '../lifecycle/lifecycle.js';
import type { LifecycleStatement } from '../lifecycle/lifecycle-statement.js';
import { ancestorRestoreStatements } from '../lifecycle/statements.js';
import type { BulkResultBuilder, BulkResultOf } from './bulk-result.js';
import { jobOptionsOf, operationLimit } from './large-operations.js';
import type { RowCheck, TableAccessConfig } from './table-access.js';
import type { TombstoneContext } from './types.js';

// biome-ignore lint/suspicious/noExplicitAny: table names are dynamic here; the public options are typed.
type AnyDb = Kysely<any>;
type DbRow = Record<string, unknown>;

/**
 * What the destructive operations share with the rest of `createTableAccess`: the table, its
 * lookups, its authorization and its transactions (see there).
 */
export interface TableCore {
  config: TableAccessConfig;
  table: string;
  id: string;
  toRow: (row: DbRow) => unknown;
  isDeleted: (row: DbRow) => boolean;
  /** The database with this table's soft-delete filter lifted (the procedures state it themselves). */
  own: (db: AnyDb) => AnyDb;
  findOrThrow: (db: AnyDb, rowId: RowId, scope: DeletedScope, lock?: boolean) => Promise<DbRow>;
  /** Runs `work` outside a transaction (a read, or a job) with the table's error mapping. */
  read: <T>(work: () => Promise<T>) => Promise<T>;
  mutate: <T>(ctx: TombstoneContext, work: (trx: AnyDb, atEnd: AtEnd) => Promise<T>) => Promise<T>;
  keyType: (ctx: TombstoneContext) => string;
  graphOf: (ctx: TombstoneContext) => RelationGraph;
  deleteGraphOf: (ctx: TombstoneContext) => RelationGraph;
  deny: (row: DbRow, check: RowCheck, operation: string) => Promise<void>;
  notFound: (rowId: RowId) => string;
}

/**
 * The destructive operations of one table — soft delete (single, bulk, preview), restore (single,
 * bulk) and hard delete — each under the transaction policy, with its lifecycle, and as a chunked
 * job when it turns out larger than `largeOperations.maxRows`.
 */
export function createDeleteOperations(core: TableCore) {
  const {
    config,
    table,
    id,
    toRow,
    isDeleted,
    own,
    findOrThrow,
    read,
    mutate,
    keyType,
    graphOf,
    deleteGraphOf,
    deny,
    notFound,
  } = core;

  /** `first()`, or `asJob()` when it turns out too large for one transaction. */
  async function orAsJob<T>(first: () => Promise<T>, asJob: () => Promise<T>): Promise<T> {
    try {
      return await first();
    } catch (error) {
      if (!isLargeOperation(error)) throw error;
      return asJob();
    }
  }

  /** The rows of `ids`, locked, keyed by canonical id (see `canonicalId`). */
  async function lockRows(trx: AnyDb, ids: readonly RowId[], type: string): Promise<Map<RowId, DbRow>> {
    const rows = (await own(trx)
      .selectFrom(table)
      .selectAll()
      .where(
        sql<SqlBool>`${sql.ref(id)} = any(${idArray(
          ids.map((i) => canonicalId(i, type)),
          type,
        )})`,
      )
      .orderBy(id)
      .forUpdate()
      .execute()) as DbRow[];
    return new Map(rows.map((r) => [canonicalId(r[id], type), r]));
  }

  /**
   * The ids of a bulk request the caller may touch; the others are reported in `result`
   * (`NOT_FOUND`, `FORBIDDEN`). With no row-level check the rows are not read here at all: the
   * cascade executor locks them and reports missing ids itself.
   */
  async function permit(
    trx: AnyDb,
    ids: readonly RowId[],
    type: string,
    check: RowCheck,
    verb: string,
    result: BulkResultBuilder,
  ): Promise<RowId[]> {
    const unique = uniqueSortedIds(ids);
    if (!check) return unique;
    const rows = await lockRows(trx, unique, type);
    const permitted: RowId[] = [];
    for (const rowId of unique) {
      const row = rows.get(canonicalId(rowId, type));
      const verdict = row ? await check(row) : 'hidden';
      if (verdict === 'hidden') result.fail(rowId, 'NOT_FOUND', notFound(rowId));
      else if (!verdict) result.fail(rowId, 'FORBIDDEN', `You may not ${verb} ${table} ${rowId}.`);
      else permitted.push(rowId);
    }
    return permitted;
  }

  /**
   * A bulk operation in one transaction: authorize (see {@link permit}), apply to the permitted
   * ids, report the ids `apply` found missing as `NOT_FOUND` and the ones it did as successes.
   */
  function bulk(
    ctx: TombstoneContext,
    ids: readonly RowId[],
    check: RowCheck,
    verb: string,
    apply: (
      trx: AnyDb,
      permitted: RowId[],
      result: BulkResultBuilder,
      atEnd: AtEnd,
    ) => Promise<{ missing: readonly RowId[]; done: readonly RowId[] }>,
  ): Promise<BulkResultOf> {
    return mutate(ctx, async (trx, atEnd) => {
      const result = config.bulkResult();
      // A restore reads the rows' parents: lock them first, in the order deletes lock in.
      if (verb === 'restore' && ctx.tombstone) {
        await lockAncestors(trx, ctx.tombstone.graph, table, uniqueSortedIds(ids));
      }
      const permitted = await permit(trx, ids, keyType(ctx), check, verb, result);
      if (permitted.length > 0) {
        const { missing, done } = await apply(trx, permitted, result, atEnd);
        for (const id of missing) result.fail(id, 'NOT_FOUND', notFound(id));
        result.succeed(done);
      }
      return result.toJSON();
    });
  }

  /**
   * A bulk operation run as a job: authorize in a short transaction (as {@link bulk}), then run
   * `apply` on the permitted ids outside any transaction.
   */
  async function bulkAsJob(
    ctx: TombstoneContext,
    ids: readonly RowId[],
    check: RowCheck,
    verb: string,
    apply: (
      permitted: RowId[],
      result: BulkResultBuilder,
    ) => Promise<{ missing: readonly RowId[]; done: readonly RowId[] }>,
  ): Promise<BulkResultOf> {
    const { result, permitted } = await mutate(ctx, async (trx) => {
      const result = config.bulkResult();
      return { result, permitted: await permit(trx, ids, keyType(ctx), check, verb, result) };
    });
    if (permitted.length > 0) {
      const { missing, done } = await read(() => apply(permitted, result));
      for (const id of missing) result.fail(id, 'NOT_FOUND', notFound(id));
      result.succeed(done);
    }
    return result.toJSON();
  }

  return {
    async softDelete(
      ctx: TombstoneContext,
      rowId: RowId,
      actorId: RowId | null,
      check: RowCheck,
    ): Promise<void> {
      await orAsJob(
        () =>
          mutate(ctx, async (trx, atEnd) => {
            const row = await findOrThrow(trx, rowId, 'include', true);
            await deny(row, check, 'delete');
            if (isDeleted(row)) return;
            const statements = lifecycleOf(ctx).hooked;
            const outcome = await softDeleteRows(trx, deleteGraphOf(ctx), {
              table,
              ids: [rowId],
              actorId,
              statements,
              ...operationLimit(ctx),
            });
            const blocked = outcome.blocked[0];
            if (blocked) throw new TRPCError({ code: 'CONFLICT', message: blocked.message });
            await afterSoftDelete(trx, ctx, outcome, actorId, atEnd);
          }),
        async () => {
          const request = { table, ids: [rowId], actorId, knownLarge: true };
          const done = await read(() =>
            runDeleteJob(ctx.db as AnyDb, deleteGraphOf(ctx), request, jobOptionsOf(ctx)),
          );
          const blocked = done.blocked[0];
          if (blocked) throw new TRPCError({ code: 'CONFLICT', message: blocked.message });
        },
      );
    },

    /**
     * What `bulkDelete` of `ids` would do, changing nothing: the real cascade, rolled back. Ids
     * the caller may not delete are `FORBIDDEN`, as `delete` answers.
     */
    async previewDelete(ctx: TombstoneContext, ids: readonly RowId[], check: RowCheck) {
      try {
        return await (ctx.db as AnyDb).transaction().execute(async (trx) => {
          const result = config.bulkResult();
          const permitted = await permit(trx, ids, keyType(ctx), check, 'delete', result);
          const denied = result.toJSON().errors.details.find((e) => e.code === 'FORBIDDEN');
          if (denied) throw new TRPCError({ code: 'FORBIDDEN', message: denied.message });
          const preview = await previewSoftDelete(trx, deleteGraphOf(ctx), {
            table,
            ids: permitted,
            actorId: null,
          });
          return {
            deletes: preview.deletes,
            blocked: preview.blocked.map(({ table: t, count, constraint }) => ({
              table: t,
              count,
              constraint,
            })),
          };
        });
      } catch (error) {
        throw config.toTRPCError(error);
      }
    },

    bulkSoftDelete(
      ctx: TombstoneContext,
      ids: readonly RowId[],
      actorId: RowId | null,
      check: RowCheck,
    ): Promise<BulkResultOf> {
      return orAsJob(
        () =>
          bulk(ctx, ids, check, 'delete', async (trx, permitted, result, atEnd) => {
            const statements = lifecycleOf(ctx).hooked;
            const outcome = await softDeleteRows(trx, deleteGraphOf(ctx), {
              table,
              ids: permitted,
              actorId,
              statements,
              ...operationLimit(ctx),
            });
            for (const b of outcome.blocked) result.fail(b.id, 'CONFLICT', b.message);
            await afterSoftDelete(trx, ctx, outcome, actorId, atEnd);
            return { missing: outcome.missing, done: [...outcome.deleted, ...outcome.alreadyDeleted] };
          }),
        () =>
          bulkAsJob(ctx, ids, check, 'delete', async (permitted, result) => {
            const request = { table, ids: permitted, actorId, knownLarge: true };
            const done = await runDeleteJob(ctx.db as AnyDb, deleteGraphOf(ctx), request, jobOptionsOf(ctx));
            for (const b of done.blocked) result.fail(b.id, 'CONFLICT', b.message);
            return { missing: done.missing, done: [...done.deleted, ...done.alreadyDeleted] };
          }),
      );
    },

    async restore(
      ctx: TombstoneContext,
      rowId: RowId,
      actorId: RowId | null,
      check: RowCheck,
      withAncestors = false,
    ) {
      return orAsJob(
        () =>
          mutate(ctx, async (trx, atEnd) => {
            // Parents first (a restore reads them), then the row: the order deletes lock in.
            if (ctx.tombstone) await lockAncestors(trx, ctx.tombstone.graph, table, [rowId]);
            const row = await findOrThrow(trx, rowId, 'include', true);
            await deny(row, check, 'restore');
            if (!isDeleted(row)) return toRow(row) as never;
            const statements = lifecycleOf(ctx).active;
            const requested = canonicalId(row[id], keyType(ctx));
            // With hooks or the outbox: the ancestors' statements, reported with the row's own.
            let ancestors: LifecycleStatement[] | undefined;
            if (withAncestors) {
              const found = await restoreAncestors(trx, graphOf(ctx), table, rowId, actorId, { statements });
              if (found.conflict) throw new TRPCError({ code: 'CONFLICT', message: found.conflict.message });
              ancestors = found.statements;
              const now = await findOrThrow(trx, rowId, 'include');
              if (!isDeleted(now)) {
                const all = ancestors && ancestorRestoreStatements(table, requested, ancestors, []);
                await afterRestore(trx, ctx, all, actorId, atEnd);
                return toRow(now) as never;
              }
            }
            const outcome = await restoreRows(trx, graphOf(ctx), {
              table,
              ids: [rowId],
              actorId,
              statements,
              ...operationLimit(ctx),
            });
            const conflict = outcome.conflicts[0];
            if (conflict) throw new TRPCError({ code: 'CONFLICT', message: conflict.message });
            const own = outcome.statements;
            const all = own && ancestors ? ancestorRestoreStatements(table, requested, ancestors, own) : own;
            await afterRestore(trx, ctx, all, actorId, atEnd);
            return toRow(await findOrThrow(trx, rowId, 'include')) as never;
          }),
        async () => {
          // Too large for one transaction: the ancestors (each with its own tree) in one, then
          // the row as a job.
          if (withAncestors) {
            await mutate(ctx, async (trx, atEnd) => {
              const statements = lifecycleOf(ctx).active;
              const found = await restoreAncestors(trx, graphOf(ctx), table, rowId, actorId, { statements });
              if (found.conflict) throw new TRPCError({ code: 'CONFLICT', message: found.conflict.message });
              await afterRestore(trx, ctx, found.statements, actorId, atEnd);
            });
          }
          const request = { table, ids: [rowId], actorId };
          const done = await read(() =>
            runRestoreJob(ctx.db as AnyDb, graphOf(ctx), request, jobOptionsOf(ctx)),
          );
          const conflict = done.conflicts[0];
          if (conflict) throw new TRPCError({ code: 'CONFLICT', message: conflict.message });
          return read(async () => toRow(await findOrThrow(ctx.db, rowId, 'include')) as never);
        },
      );
    },

    bulkRestore(
      ctx: TombstoneContext,
      ids: readonly RowId[],
      actorId: RowId | null,
      check: RowCheck,
    ): Promise<BulkResultOf> {
      return orAsJob(
        () =>
          bulk(ctx, ids, check, 'restore', async (trx, permitted, result, atEnd) => {
            const statements = lifecycleOf(ctx).active;
            const outcome = await restoreRows(trx, graphOf(ctx), {
              table,
              ids: permitted,
              actorId,
              statements,
              ...operationLimit(ctx),
            });
            for (const c of outcome.conflicts) result.fail(c.id, 'CONFLICT', c.message);
            await afterRestore(trx, ctx, outcome.statements, actorId, atEnd);
            return { missing: outcome.missing, done: [...outcome.restored, ...outcome.alreadyLive] };
          }),
        () =>
          bulkAsJob(ctx, ids, check, 'restore', async (permitted, result) => {
            const request = { table, ids: permitted, actorId };
            const done = await runRestoreJob(ctx.db as AnyDb, graphOf(ctx), request, jobOptionsOf(ctx));
            for (const c of done.conflicts) result.fail(c.id, 'CONFLICT', c.message);
            return { missing: done.missing, done: [...done.restored, ...done.alreadyLive] };
          }),
      );
    },

    async hardDelete(
      ctx: TombstoneContext,
      rowId: RowId,
      check: RowCheck,
      actorId: RowId | null = null,
    ): Promise<void> {
      await mutate(ctx, async (trx, atEnd) => {
        const row = await findOrThrow(trx, rowId, 'include', true);
        await deny(row, check, 'hard-delete');
        if (ctx.tombstone && isDeleted(row)) {
          const hold = await holdOf(trx, graphOf(ctx), table, rowId);
          if (hold) throw new TRPCError({ code: 'CONFLICT', message: heldMessage(table, rowId, hold) });
        }
        const lifecycle = lifecycleOf(ctx);
        const direct = { table, ids: [canonicalId(row[id], keyType(ctx))], cause: 'direct' as const };
        // With hooks or the outbox, what ON DELETE CASCADE will take is collected first, locked.
        const cascaded = lifecycle.active
          ? await collectCascadedRemovals(trx, graphOf(ctx), table, direct.ids)
          : [];
        // Raw SQL: a plugin in rewriteDeletes mode must not turn this into a soft delete.
        await sql`delete from ${sql.table(table)} where ${sql.ref(id)} = ${rowId}`.execute(trx);
        // The trash is the truth: close the entries of the row and of what ON DELETE CASCADE took.
        if (ctx.tombstone)
          await closeVanishedEntries(trx, ctx.tombstone.graph, dependentTables(ctx.tombstone.graph, table));
        await afterRowsGone(trx, lifecycle, 'hardDelete', [direct, ...cascaded], actorId, atEnd);
      });
    },
  };
}
