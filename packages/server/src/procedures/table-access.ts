import type { DeletedScope } from '@tombstone/shared';
import { TRPCError } from '@trpc/server';
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { uniqueSortedIds } from '../cascade/id-list.js';
import { keyTypeOf, lockAncestors } from '../cascade/index.js';
import { isLargeOperation } from '../cascade/large-operation.js';
import type { RelationGraph } from '../cascade/relation-graph.js';
import { canonicalId, DEFAULT_KEY_TYPE, type RowId } from '../cascade/row-id.js';
import { idArray } from '../cascade/soft-delete-sql.js';
import type { AtEnd } from '../lifecycle/lifecycle.js';
import { withDeleted } from '../plugin/index.js';
import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';
import type { BulkResultBuilder, BulkResultOf } from './bulk-result.js';
import { compiledLookup } from './compiled-lookup.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { runProcedureWrite } from './procedure-write.js';
import type { FilterMatch } from './soft-delete-procedures.js';
import { createDeleteOperations } from './table-deletes.js';
import type { TombstoneContext } from './types.js';

// biome-ignore lint/suspicious/noExplicitAny: table names are dynamic here; the public options are typed.
type AnyDb = Kysely<any>;
type DbRow = Record<string, unknown>;
/**
 * What a row-level check answers: allowed, `false` (→ `FORBIDDEN`) or `'hidden'`: a deleted row
 * the caller may not see (→ `NOT_FOUND`, exactly as an absent id).
 */
export type RowVerdict = boolean | 'hidden';
/** A row-level authorization check; `null` when every row is allowed. */
export type RowCheck = ((row: DbRow) => RowVerdict | Promise<RowVerdict>) | null;

/** What {@link createTableAccess} needs to know about one table. */
export interface TableAccessConfig {
  table: string;
  idColumn: string;
  softDelete: SoftDeleteColumn;
  filters: Record<string, { column: string; match: FilterMatch }>;
  references: Record<string, string | undefined>;
  toRow: (row: never) => unknown;
  toValues: (args: {
    ctx: never;
    operation: 'create' | 'update';
    input: Record<string, unknown>;
  }) => Record<string, unknown>;
  toTRPCError: (error: unknown) => unknown;
  bulkResult: () => BulkResultBuilder;
  /** The graph soft deletes (and their preview) follow; default: the tombstone's (see `noCascadeGraph`). */
  deleteGraph?: (graph: RelationGraph, table: string) => RelationGraph;
}

/** The database side of the generated procedures, for one table. */
export type TableAccess = ReturnType<typeof createTableAccess>;

/** `live`/`deleted` predicates for a soft-delete column, as Kysely expressions. */
export function scopePredicate(
  soft: SoftDeleteColumn,
  scope: DeletedScope,
  ref: string = soft.column,
): Expression<SqlBool> | null {
  if (scope === 'include') return null;
  const column = sql.ref(ref);
  if (soft.kind === 'boolean') {
    return scope === 'exclude' ? sql<SqlBool>`${column} = false` : sql<SqlBool>`${column} = true`;
  }
  return scope === 'exclude' ? sql<SqlBool>`${column} is null` : sql<SqlBool>`${column} is not null`;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Every query the generated procedures run against one table. The procedures run on a
 * `withDeleted` view of the database for their own table and state the soft-delete predicate
 * themselves, so they behave the same with or without the soft-delete plugin installed.
 */
export function createTableAccess(config: TableAccessConfig) {
  const { table, idColumn: id, softDelete } = config;
  const toRow = config.toRow as (row: DbRow) => unknown;
  const toValues = config.toValues as (args: {
    ctx: TombstoneContext;
    operation: 'create' | 'update';
    input: Record<string, unknown>;
  }) => Record<string, unknown>;
  const own = (db: AnyDb): AnyDb => withDeleted(db, [table]);
  const isDeleted = (row: DbRow): boolean =>
    softDelete.kind === 'boolean' ? row[softDelete.column] === true : row[softDelete.column] != null;

  function scoped(db: AnyDb, scope: DeletedScope) {
    const predicate = scopePredicate(softDelete, scope);
    const query = own(db).selectFrom(table).selectAll();
    return predicate ? query.where(predicate) : query;
  }

  async function find(
    db: AnyDb,
    rowId: RowId,
    scope: DeletedScope,
    lock = false,
  ): Promise<DbRow | undefined> {
    let query = scoped(db, scope).where(id, '=', rowId);
    if (lock) query = query.forUpdate();
    return (await query.executeTakeFirst()) as DbRow | undefined;
  }

  /** {@link find} without a lock, the statement compiled once per database and scope: `get`. */
  const lookup = compiledLookup((db, scope: DeletedScope, rowId) => scoped(db, scope).where(id, '=', rowId));

  async function findOrThrow(db: AnyDb, rowId: RowId, scope: DeletedScope, lock = false): Promise<DbRow> {
    const row = await find(db, rowId, scope, lock);
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No ${table} with id ${rowId}.` });
    return row;
  }

  async function read<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw config.toTRPCError(error);
    }
  }

  function mutate<T>(ctx: TombstoneContext, work: (trx: AnyDb, atEnd: AtEnd) => Promise<T>): Promise<T> {
    return runProcedureWrite(ctx, work, config.toTRPCError);
  }

  /** Runs `work` (a job, outside any transaction), with the same error mapping as `mutate`. */
  async function job<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw config.toTRPCError(error);
    }
  }

  /** `first()`, or `asJob()` when it turns out too large for one transaction. */
  async function orAsJob<T>(first: () => Promise<T>, asJob: () => Promise<T>): Promise<T> {
    try {
      return await first();
    } catch (error) {
      if (!isLargeOperation(error)) throw error;
      return asJob();
    }
  }

  /** The type of this table's key, as the catalog told `createTombstone` (`integer` without it). */
  function keyType(ctx: TombstoneContext): string {
    return ctx.tombstone ? keyTypeOf(ctx.tombstone.graph, table) : DEFAULT_KEY_TYPE;
  }

  function graphOf(ctx: TombstoneContext) {
    if (!ctx.tombstone) {
      throw new Error(
        'ctx.tombstone is missing: call createTombstone(db, router) at start-up and put it in the context.',
      );
    }
    return ctx.tombstone.graph;
  }

  /** The graph a soft delete of this table follows (its policy may leave CASCADE children alone). */
  function deleteGraphOf(ctx: TombstoneContext): RelationGraph {
    const graph = graphOf(ctx);
    return config.deleteGraph ? config.deleteGraph(graph, table) : graph;
  }

  const notFound = (rowId: RowId) => `No ${table} with id ${rowId}.`;

  async function deny(row: DbRow, check: RowCheck, operation: string): Promise<void> {
    const verdict = check ? await check(row) : true;
    if (verdict === 'hidden') throw new TRPCError({ code: 'NOT_FOUND', message: notFound(row[id] as RowId) });
    if (!verdict) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `You may not ${operation} ${table} ${String(row[id])}.`,
      });
    }
  }

  async function checkReferences(
    ctx: TombstoneContext,
    trx: AnyDb,
    input: Record<string, unknown>,
  ): Promise<void> {
    for (const [key, target] of Object.entries(config.references)) {
      const value = input[key];
      if (target === undefined || value === undefined || value === null) continue;
      const targetSoft = ctx.tombstone?.tables[target];
      const targetId = ctx.tombstone?.idColumns[target] ?? 'id';
      let query = withDeleted(trx, [target]).selectFrom(target).select(targetId).where(targetId, '=', value);
      const predicate = targetSoft ? scopePredicate(targetSoft, 'exclude') : null;
      if (predicate) query = query.where(predicate);
      // Share-lock the parent so a concurrent delete cannot orphan the new row.
      if (!(await query.forShare().executeTakeFirst())) {
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: `No live ${target} with id ${String(value)} (${key}).`,
        });
      }
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
      const { missing, done } = await job(() => apply(permitted, result));
      for (const id of missing) result.fail(id, 'NOT_FOUND', notFound(id));
      result.succeed(done);
    }
    return result.toJSON();
  }

  async function page(
    ctx: TombstoneContext,
    input: {
      limit: number;
      cursor?: string | undefined;
      filter?: Record<string, unknown> | undefined;
      deleted: DeletedScope;
    },
  ) {
    let query = scoped(ctx.db, input.deleted);
    for (const [key, value] of Object.entries(input.filter ?? {})) {
      const filter = config.filters[key];
      if (value === undefined || !filter) continue;
      query =
        filter.match === 'icontains'
          ? query.where(sql<SqlBool>`${sql.ref(filter.column)} ilike ${`%${escapeLike(String(value))}%`}`)
          : query.where(filter.column, '=', value);
    }
    if (input.cursor !== undefined) query = query.where(id, '>', decodeCursor(input.cursor, keyType(ctx)));
    const rows = (await query
      .orderBy(id)
      .limit(input.limit + 1)
      .execute()) as DbRow[];
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      items: page.map(toRow),
      nextCursor:
        rows.length > input.limit && last ? encodeCursor(canonicalId(last[id], keyType(ctx))) : null,
    } as { items: never[]; nextCursor: string | null };
  }

  return {
    toRow,

    /** The row as the API shows it, or `NOT_FOUND`. */
    async get(ctx: TombstoneContext, rowId: RowId, scope: DeletedScope): Promise<never> {
      try {
        const row = await lookup(ctx.db, scope, rowId);
        if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: notFound(rowId) });
        return toRow(row) as never;
      } catch (error) {
        throw config.toTRPCError(error);
      }
    },

    async list(
      ctx: TombstoneContext,
      input: {
        limit: number;
        cursor?: string | undefined;
        filter?: Record<string, unknown> | undefined;
        deleted: DeletedScope;
      },
    ) {
      return read(() => page(ctx, input));
    },

    async create(ctx: TombstoneContext, input: Record<string, unknown>) {
      return mutate(ctx, async (trx) => {
        await checkReferences(ctx, trx, input);
        const values = toValues({ ctx, operation: 'create', input });
        const created = await own(trx)
          .insertInto(table)
          .values(values)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toRow(created as DbRow) as never;
      });
    },

    async update(
      ctx: TombstoneContext,
      rowId: RowId,
      patch: Record<string, unknown>,
      scope: DeletedScope,
      check: RowCheck,
    ) {
      return mutate(ctx, async (trx) => {
        const row = await findOrThrow(trx, rowId, scope, true);
        await deny(row, check, 'update');
        await checkReferences(ctx, trx, patch);
        const values = toValues({ ctx, operation: 'update', input: patch });
        if (Object.keys(values).length === 0) return toRow(row) as never;
        const updated = await own(trx)
          .updateTable(table)
          .set(values)
          .where(id, '=', rowId)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toRow(updated as DbRow) as never;
      });
    },

    ...createDeleteOperations({
      config,
      table,
      id,
      toRow,
      isDeleted,
      findOrThrow,
      read,
      mutate,
      job,
      orAsJob,
      keyType,
      graphOf,
      deleteGraphOf,
      deny,
      permit,
      bulk,
      bulkAsJob,
    }),
  };
}
