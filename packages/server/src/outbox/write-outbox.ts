import { type Kysely, sql } from 'kysely';
import type { RowId } from '../cascade/row-id.js';
import { AUDIT_TABLE, actorText, auditIdArray } from '../cascade/soft-delete-sql.js';
import type { LifecycleKind } from '../lifecycle/lifecycle-hooks.js';
import type { LifecycleStatement } from '../lifecycle/lifecycle-statement.js';
import { OUTBOX_TABLE } from './outbox-migration.js';

/**
 * Writes one operation's events to the outbox, in the caller's transaction: ONE row per table
 * (the ids of all its statements together), in ONE `INSERT`. A delete's events are built from
 * its audit entries (same batch), in SQL: no id travels to the application and back.
 */
export async function writeOutboxEvents(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  trx: Kysely<any>,
  kind: LifecycleKind,
  batchId: string,
  actorId: RowId | null,
  statements: readonly LifecycleStatement[],
): Promise<void> {
  if (kind === 'delete') return writeDeleteEvents(trx, batchId);
  const byTable = new Map<string, RowId[]>();
  for (const statement of statements) {
    const ids = byTable.get(statement.table);
    if (ids) for (const id of statement.ids) ids.push(id);
    else byTable.set(statement.table, [...statement.ids]);
  }
  if (byTable.size === 0) return;
  const rows = [...byTable].map(
    ([table, ids]) =>
      sql`(${batchId}::uuid, ${kind}::text, ${table}::text, ${auditIdArray(ids)}, ${ids.length}::int, ${actorText(actorId)})`,
  );
  await sql`
    insert into ${sql.table(OUTBOX_TABLE)} (batch_id, kind, table_name, row_ids, row_count, actor_id)
    values ${sql.join(rows)}
  `.execute(trx);
}

/**
 * A delete's events, one per table, from the audit entries of its batch: a table with one entry
 * (the usual case) copies its `row_ids` as they are; several entries are concatenated.
 */
async function writeDeleteEvents(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  trx: Kysely<any>,
  batchId: string,
): Promise<void> {
  const audit = sql.table(AUDIT_TABLE);
  const batch = sql`${batchId}::uuid`;
  await sql`
    insert into ${sql.table(OUTBOX_TABLE)} (batch_id, kind, table_name, row_ids, row_count, actor_id)
    select ${batch}, 'delete', g.table_name,
           case when g.entries = 1 then (select d.row_ids from ${audit} d where d.id = g.first)
                else (select array_agg(u.id) from ${audit} d cross join lateral unnest(d.row_ids) as u(id)
                      where d.batch_id = ${batch} and d.table_name = g.table_name) end,
           g.rows, g.actor_id
    from (
      select table_name, count(*) as entries, min(id) as first, sum(cardinality(row_ids))::int as rows,
             min(actor_id) as actor_id
      from ${audit} where batch_id = ${batch} group by table_name
    ) g
    order by g.first
  `.execute(trx);
}
