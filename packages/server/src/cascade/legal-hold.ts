import { type Kysely, sql } from 'kysely';
import { keyTypeOf, type RelationGraph } from './relation-graph.js';
import { canonicalId, type RowId } from './row-id.js';
import { AUDIT_TABLE, auditHasOpen, auditOverlapHint, auditRowOpen, HOLD_TABLE } from './soft-delete-sql.js';

/** A legal hold on a batch of the trash. */
export interface LegalHold {
  batchId: string;
  reason: string;
  heldBy: string | null;
  heldAt: Date;
}

/**
 * The legal hold that covers a soft-deleted row, if any: a hold on a batch whose open audit entry
 * still holds the row. A held row is never purged, and must not be hard-deleted.
 *
 * @example
 * const hold = await holdOf(trx, graph, 'article', 7);
 * if (hold) throw new Error(`held: ${hold.reason}`);
 */
export async function holdOf(
  // biome-ignore lint/suspicious/noExplicitAny: any schema.
  db: Kysely<any>,
  graph: RelationGraph,
  table: string,
  id: RowId,
): Promise<LegalHold | undefined> {
  const key = canonicalId(id, keyTypeOf(graph, table));
  const text = String(key);
  const { rows } = await sql<{ batch_id: string; reason: string; held_by: string | null; held_at: Date }>`
    select h.batch_id::text as batch_id, h.reason, h.held_by, h.held_at
    from ${sql.table(HOLD_TABLE)} h
    join ${sql.table(AUDIT_TABLE)} d on d.batch_id = h.batch_id
    where d.table_name = ${table}::text and ${auditHasOpen('d')} ${auditOverlapHint('d', graph, table, [key])}
      and ${text}::text = any(d.row_ids) and ${auditRowOpen('d', sql`${text}::text`)}
    order by h.held_at
    limit 1
  `.execute(db);
  const row = rows[0];
  return row
    ? { batchId: row.batch_id, reason: row.reason, heldBy: row.held_by, heldAt: new Date(row.held_at) }
    : undefined;
}

/** The message of the `CONFLICT` a hard delete of a held row gets. */
export function heldMessage(table: string, id: RowId, hold: LegalHold): string {
  return `Cannot hard-delete ${table} ${id}: it is under a legal hold (batch ${hold.batchId}: ${hold.reason}). Release the hold first.`;
}
