import type { DeletedScope } from '@tombstone/shared';
import { TRPCError } from '@trpc/server';
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { keyTypeOf } from '../cascade/index.js';
import type { RelationGraph } from '../cascade/relation-graph.js';
import { canonicalId, DEFAULT_KEY_TYPE, type RowId } from '../cascade/row-id.js';
import type { AtEnd } from '../lifecycle/lifecycle.js';
import { withDeleted } from '../plugin/index.js';
import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';
import type { BulkResultBuilder } from './bulk-result.js';
import { compiledLookup, compiledStatement } from './compiled-lookup.js';
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

/** Joins the parts of a `list` statement's variant (no filter name holds it). */
const SEPARATOR = '\u0000';

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

  /**
   * A `list` page's statement, compiled once per database, scope, set of filters and whether a
   * cursor is given (see `compiledStatement`); `values` are the filter values (an `icontains`
   * filter's as its `ilike` pattern), then the cursor's key if any, then the row limit.
   */
  const listing = compiledStatement((db, variant: string, values) => {
    const [scope, cursor, ...names] = variant.split(SEPARATOR) as [DeletedScope, string, ...string[]];
    let query = scoped(db, scope);
    let next = 0;
    for (const name of names) {
      const filter = config.filters[name] as { column: string; match: FilterMatch };
      const value = values[next++];
      query =
        filter.match === 'icontains'
          ? query.where(sql<SqlBool>`${sql.ref(filter.column)} ilike ${value}`)
          : query.where(filter.column, '=', value);
    }
    if (cursor === 'after') query = query.where(id, '>', values[next++]);
    return query.orderBy(id).limit(values[next] as number);
  });

  async function page(
    ctx: TombstoneContext,
    input: {
      limit: number;
      cursor?: string | undefined;
      filter?: Record<string, unknown> | undefined;
      deleted: DeletedScope;
    },
  ) {
    // The filters in the table's order, so that one set of filters is one statement.
    const names: string[] = [];
    const values: unknown[] = [];
    if (input.filter !== undefined) {
      for (const name in config.filters) {
        const value = input.filter[name];
        if (value === undefined) continue;
        names.push(name);
        const filter = config.filters[name] as { match: FilterMatch };
        values.push(filter.match === 'icontains' ? `%${escapeLike(String(value))}%` : value);
      }
    }
    const cursor = input.cursor !== undefined;
    if (cursor) values.push(decodeCursor(input.cursor as string, keyType(ctx)));
    values.push(input.limit + 1);
    const variant = [input.deleted, cursor ? 'after' : '', ...names].join(SEPARATOR);
    const rows = await listing(ctx.db, variant, values);
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
      own,
      findOrThrow,
      read,
      mutate,
      keyType,
      graphOf,
      deleteGraphOf,
      deny,
      notFound,
    }),
  };
}
