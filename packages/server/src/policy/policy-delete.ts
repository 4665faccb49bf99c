import { TRPCError } from '@trpc/server';
import { type Kysely, type SqlBool, sql } from 'kysely';
import { closeVanishedEntries, dependentTables } from '../cascade/close-vanished-entries.js';
import { heldMessage, holdOf } from '../cascade/legal-hold.js';
import { keyTypeOf } from '../cascade/relation-graph.js';
import { canonicalId, canonicalIds, DEFAULT_KEY_TYPE, type RowId } from '../cascade/row-id.js';
import { softDeleteRows } from '../cascade/soft-delete-rows.js';
import { idArray } from '../cascade/soft-delete-sql.js';
import { collectCascadedRemovals } from '../lifecycle/cascaded-removals.js';
import { afterRowsGone, afterSoftDelete, lifecycleOf } from '../lifecycle/dispatch.js';
import type { AtEnd } from '../lifecycle/lifecycle.js';
import { withDeleted } from '../plugin/index.js';
import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';
import type { BulkResultBuilder, BulkResultOf } from '../procedures/bulk-result.js';
import { runProcedureWrite } from '../procedures/procedure-write.js';
import type { Tombstone } from '../procedures/tombstone.js';
import type { TombstoneContext } from '../procedures/types.js';
import type { DeletePolicy } from './delete-policy.js';
import { hardDeleteIds } from './hard-delete-ids.js';
import { type ReferencingKey, referencedIds, referencingKeys } from './referencing-keys.js';

// biome-ignore lint/suspicious/noExplicitAny: table names are dynamic here; the public options are typed.
type AnyDb = Kysely<any>;
type DbRow = Record<string, unknown>;
/** A row-level check: `true` allows; `'hidden'` (a deleted row the caller may not see) answers NOT_FOUND. */
type RowCheck = ((row: DbRow) => boolean | string | Promise<boolean | string>) | null;

/** What {@link createPolicyDelete} needs to know about one table. */
export interface PolicyDeleteConfig {
  table: string;
  idColumn: string;
  softDelete: SoftDeleteColumn;
  policy: Extract<DeletePolicy, 'hard' | 'hard-if-unreferenced'>;
  toTRPCError: (error: unknown) => unknown;
  bulkResult: () => BulkResultBuilder;
}

const keysCache = new WeakMap<Tombstone, Map<string, Promise<ReferencingKey[]>>>();

/**
 * `delete` / `bulkDelete` of a table whose policy is `hard` or `hard-if-unreferenced`: the rows
 * are locked, authorized row by row, then really deleted (`hard`; and under
 * `hard-if-unreferenced` the rows nothing references) or soft-deleted with their cascade (the
 * referenced rest). Hooks and the outbox see `afterHardDelete` / `afterDelete` accordingly.
 */
export function createPolicyDelete(config: PolicyDeleteConfig) {
  const { table, idColumn, softDelete, policy } = config;
  const isDeleted = (row: DbRow) =>
    softDelete.kind === 'boolean' ? row[softDelete.column] === true : row[softDelete.column] != null;
  const keyType = (ctx: TombstoneContext) =>
    ctx.tombstone ? keyTypeOf(ctx.tombstone.graph, table) : DEFAULT_KEY_TYPE;

  async function keys(ctx: TombstoneContext, trx: AnyDb): Promise<ReferencingKey[]> {
    const cache = keysCache.get(ctx.tombstone) ?? new Map<string, Promise<ReferencingKey[]>>();
    keysCache.set(ctx.tombstone, cache);
    let found = cache.get(table);
    if (!found) {
      found = referencingKeys(trx, table);
      cache.set(table, found);
    }
    return found;
  }

  /** Like every write of the generated procedures: bounded lock waits, whole-transaction retries. */
  function mutate<T>(ctx: TombstoneContext, work: (trx: AnyDb, atEnd: AtEnd) => Promise<T>): Promise<T> {
    return runProcedureWrite(ctx, work, config.toTRPCError);
  }

  async function lock(trx: AnyDb, ids: readonly RowId[], type: string): Promise<Map<RowId, DbRow>> {
    const rows = (await withDeleted(trx, [table])
      .selectFrom(table)
      .selectAll()
      .where(sql<SqlBool>`${sql.ref(idColumn)} = any(${idArray(ids, type)})`)
      .orderBy(idColumn)
      .forUpdate()
      .execute()) as DbRow[];
    return new Map(rows.map((r) => [canonicalId(r[idColumn], type), r]));
  }

  /** Deletes the locked, permitted rows per the policy; returns the ids refused (canonical) with why. */
  async function apply(
    ctx: TombstoneContext,
    trx: AnyDb,
    rows: ReadonlyMap<RowId, DbRow>,
    actorId: RowId | null,
    type: string,
    atEnd: AtEnd,
  ): Promise<Map<RowId, string>> {
    const refused = new Map<RowId, string>();
    const candidates = [...rows].filter(([, row]) => policy === 'hard' || !isDeleted(row)).map(([id]) => id);
    let hard = candidates;
    let soft: RowId[] = [];
    if (policy === 'hard-if-unreferenced' && candidates.length > 0) {
      const referenced = await referencedIds(trx, await keys(ctx, trx), candidates, type);
      hard = candidates.filter((id) => !referenced.has(String(id)));
      soft = candidates.filter((id) => referenced.has(String(id)));
    }
    // Rows in the trash under a legal hold stay (as `hardDelete` refuses them).
    for (const id of hard.filter((id) => isDeleted(rows.get(id) as DbRow))) {
      const hold = await holdOf(trx, ctx.tombstone.graph, table, id);
      if (hold) refused.set(id, heldMessage(table, id, hold));
    }
    if (refused.size > 0) hard = hard.filter((id) => !refused.has(id));
    const lifecycle = lifecycleOf(ctx);
    // With hooks or the outbox, what ON DELETE CASCADE takes along is collected first, locked.
    const removals = lifecycle.active
      ? (some: readonly RowId[]) => collectCascadedRemovals(trx, ctx.tombstone.graph, table, some)
      : undefined;
    const gone = await hardDeleteIds(trx, table, idColumn, type, hard, removals);
    for (const id of gone.blocked) {
      refused.set(id, `Cannot delete ${table} ${id}: rows of another table still reference it (RESTRICT).`);
    }
    if (gone.deleted.length > 0) {
      // The trash is the truth: close the entries of rows that were in it (and of what cascaded).
      const graph = ctx.tombstone?.graph;
      if (graph) await closeVanishedEntries(trx, graph, dependentTables(graph, table));
      const direct = { table, ids: gone.deleted, cause: 'direct' as const };
      await afterRowsGone(trx, lifecycle, 'hardDelete', [direct, ...gone.cascaded], actorId, atEnd);
    }
    if (soft.length > 0) {
      const statements = lifecycleOf(ctx).hooked;
      const outcome = await softDeleteRows(trx, ctx.tombstone.graph, {
        table,
        ids: soft,
        actorId,
        statements,
      });
      for (const b of outcome.blocked) refused.set(canonicalId(b.id, type), b.message);
      await afterSoftDelete(trx, ctx, outcome, actorId, atEnd);
    }
    return refused;
  }

  return {
    /** One row; `NOT_FOUND`, `FORBIDDEN` (row check) or `CONFLICT` (a key refuses). */
    deleteOne(ctx: TombstoneContext, rowId: RowId, actorId: RowId | null, check: RowCheck): Promise<void> {
      return mutate(ctx, async (trx, atEnd) => {
        const type = keyType(ctx);
        const id = canonicalId(rowId, type);
        const rows = await lock(trx, [id], type);
        const row = rows.get(id);
        const verdict = row && check ? await check(row) : true;
        if (!row || verdict === 'hidden') {
          throw new TRPCError({ code: 'NOT_FOUND', message: `No ${table} with id ${rowId}.` });
        }
        if (verdict !== true) {
          throw new TRPCError({ code: 'FORBIDDEN', message: `You may not delete ${table} ${rowId}.` });
        }
        const refused = await apply(ctx, trx, rows, actorId, type, atEnd);
        const message = refused.get(id);
        if (message) throw new TRPCError({ code: 'CONFLICT', message });
      });
    },

    /** Many rows, with partial success: per id `NOT_FOUND`, `FORBIDDEN` or `CONFLICT`. */
    deleteMany(
      ctx: TombstoneContext,
      ids: readonly RowId[],
      actorId: RowId | null,
      check: RowCheck,
    ): Promise<BulkResultOf> {
      return mutate(ctx, async (trx, atEnd) => {
        const type = keyType(ctx);
        const result = config.bulkResult();
        const { ids: canonical, original } = canonicalIds(ids, type);
        const rows = await lock(trx, canonical, type);
        const permitted = new Map<RowId, DbRow>();
        for (const id of canonical) {
          const row = rows.get(id);
          const verdict = row && check ? await check(row) : true;
          if (!row || verdict === 'hidden') {
            result.fail(original(id), 'NOT_FOUND', `No ${table} with id ${original(id)}.`);
          } else if (verdict !== true) {
            result.fail(original(id), 'FORBIDDEN', `You may not delete ${table} ${original(id)}.`);
          } else permitted.set(id, row);
        }
        const refused = await apply(ctx, trx, permitted, actorId, type, atEnd);
        for (const [id, message] of refused) result.fail(original(id), 'CONFLICT', message);
        result.succeed([...permitted.keys()].filter((id) => !refused.has(id)).map(original));
        return result.toJSON();
      });
    },
  };
}
