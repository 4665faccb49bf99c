import type { Batch, BatchNode } from '@tombstone/shared';
import { TRPCError } from '@trpc/server';
import { type Kysely, sql } from 'kysely';
import { keyTypeOf, type RelationGraph, type RowId } from '../../cascade/index.js';
import { decodeNumbers, encodeNumbers, wireId } from './trash-wire.js';

// biome-ignore lint/suspicious/noExplicitAny: the audit tables only.
type Db = Kysely<any>;

interface DirectEntry {
  id: string;
  batch_id: string;
  table_name: string;
  actor_id: string | null;
  deleted_at: Date;
  ids: string[];
}

/**
 * The batches still in the trash, newest first: one per delete call, found through its direct
 * audit entry. A keyset scan over the partial indexes `tombstone_deletion_batches*_idx`
 * (`where cause = 'direct' and open`, on `id`, `(table_name, id)` and `(actor_id, id)`), then
 * one grouped count over the page's batches (btree on `batch_id`) and one look-up of their holds.
 */
export async function listBatches(
  db: Db,
  graph: RelationGraph,
  input: {
    limit: number;
    cursor?: string | undefined;
    table?: string | undefined;
    actorId?: RowId | undefined;
  },
): Promise<{ items: Batch[]; nextCursor: string | null }> {
  const before = input.cursor === undefined ? null : String(decodeNumbers(input.cursor, 1)[0]);
  const actor = input.actorId === undefined ? null : String(input.actorId);
  const { rows } = await sql<DirectEntry>`
    select d.id::text as id, d.batch_id::text as batch_id, d.table_name, d.actor_id, d.deleted_at,
           array(select unnest(d.row_ids) except select unnest(d.restored_ids) except select unnest(d.purged_ids)) as ids
    from tombstone_deletion d
    where d.cause = 'direct' and d.open
      ${before === null ? sql`` : sql`and d.id < ${before}::bigint`}
      ${input.table === undefined ? sql`` : sql`and d.table_name = ${input.table}::text`}
      ${actor === null ? sql`` : sql`and d.actor_id = ${actor}::text`}
    order by d.id desc
    limit ${input.limit + 1}
  `.execute(db);
  const page = rows.slice(0, input.limit);
  const items = await describeBatches(db, graph, page);
  const last = page.at(-1);
  return {
    items,
    nextCursor: rows.length > input.limit && last ? encodeNumbers([Number(last.id)]) : null,
  };
}

/** One batch by id (its direct entry), or `NOT_FOUND`. */
export async function findBatch(db: Db, graph: RelationGraph, batchId: string): Promise<Batch> {
  const { rows } = await sql<DirectEntry>`
    select d.id::text as id, d.batch_id::text as batch_id, d.table_name, d.actor_id, d.deleted_at,
           array(select unnest(d.row_ids) except select unnest(d.restored_ids) except select unnest(d.purged_ids)) as ids
    from tombstone_deletion d
    where d.batch_id = ${batchId}::uuid and d.cause = 'direct'
    limit 1
  `.execute(db);
  const [batch] = await describeBatches(db, graph, rows);
  if (!batch) throw new TRPCError({ code: 'NOT_FOUND', message: `No batch ${batchId} in the trash.` });
  return batch;
}

/** Counts (open rows per table) and holds of the batches of a page, in two statements. */
async function describeBatches(
  db: Db,
  graph: RelationGraph,
  entries: readonly DirectEntry[],
): Promise<Batch[]> {
  if (entries.length === 0) return [];
  const batchIds = entries.map((e) => e.batch_id);
  const { rows: counts } = await sql<{ batch_id: string; table_name: string; count: number }>`
    select d.batch_id::text as batch_id, d.table_name,
           sum(cardinality(d.row_ids) - cardinality(d.restored_ids) - cardinality(d.purged_ids))::int as count
    from tombstone_deletion d
    where d.batch_id = any(${`{${batchIds.join(',')}}`}::uuid[]) and d.open
    group by d.batch_id, d.table_name
  `.execute(db);
  const { rows: holds } = await sql<{ batch_id: string; reason: string }>`
    select batch_id::text as batch_id, reason from tombstone_hold
    where batch_id = any(${`{${batchIds.join(',')}}`}::uuid[])
  `.execute(db);
  const reasons = new Map(holds.map((h) => [h.batch_id, h.reason]));
  return entries.map((e) => {
    const keyType = keyTypeOf(graph, e.table_name);
    const perTable: Record<string, number> = {};
    for (const c of counts) if (c.batch_id === e.batch_id && c.count > 0) perTable[c.table_name] = c.count;
    return {
      batchId: e.batch_id,
      actorId: e.actor_id === null ? null : wireId(e.actor_id, null),
      deletedAt: new Date(e.deleted_at).toISOString(),
      table: e.table_name,
      ids: e.ids.map((id) => wireId(id, keyType)).sort(compareIds),
      counts: perTable,
      held: reasons.has(e.batch_id),
      holdReason: reasons.get(e.batch_id) ?? null,
    };
  });
}

function compareIds(a: RowId, b: RowId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** A batch's tree: rows still in the trash per (table, parent table), the root first. */
export async function batchNodes(db: Db, batchId: string): Promise<BatchNode[]> {
  const { rows } = await sql<{
    table_name: string;
    parent_table: string | null;
    count: number;
    first: string;
  }>`
    select d.table_name, d.parent_table, min(d.id)::text as first,
           sum(cardinality(d.row_ids) - cardinality(d.restored_ids) - cardinality(d.purged_ids))::int as count
    from tombstone_deletion d
    where d.batch_id = ${batchId}::uuid and d.open
    group by d.table_name, d.parent_table
    order by min(d.id)
  `.execute(db);
  return rows.map((r) => ({ table: r.table_name, parentTable: r.parent_table, count: r.count }));
}

/** The rows of one table of a batch still in the trash, by position in the audit entries. */
export async function batchRows(
  db: Db,
  graph: RelationGraph,
  input: { batchId: string; table: string; limit: number; cursor?: string | undefined },
) {
  const after = input.cursor === undefined ? null : decodeNumbers(input.cursor, 2);
  const { rows } = await sql<{
    id: string;
    position: number;
    row_id: string;
    parent_id: string | null;
    parent_table: string | null;
  }>`
    select d.id::text as id, u.position::int as position, u.row_id, u.parent_id, d.parent_table
    from tombstone_deletion d
    cross join lateral unnest(d.row_ids, d.parent_ids) with ordinality as u(row_id, parent_id, position)
    where d.batch_id = ${input.batchId}::uuid and d.table_name = ${input.table}::text and d.open
      and not (u.row_id = any(d.restored_ids)) and not (u.row_id = any(d.purged_ids))
      ${
        after === null
          ? sql``
          : sql`and (d.id > ${after[0]}::bigint or (d.id = ${after[0]}::bigint and u.position > ${after[1]}::int))`
      }
    order by d.id, u.position
    limit ${input.limit + 1}
  `.execute(db);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const keyType = (table: string) => (graph.tables[table] ? keyTypeOf(graph, table) : null);
  return {
    items: page.map((r) => ({
      rowId: wireId(r.row_id, keyType(input.table)),
      parentTable: r.parent_table,
      parentId:
        r.parent_id === null || r.parent_table === null ? null : wireId(r.parent_id, keyType(r.parent_table)),
    })),
    nextCursor: rows.length > input.limit && last ? encodeNumbers([Number(last.id), last.position]) : null,
  };
}
