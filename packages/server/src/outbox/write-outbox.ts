import { type Kysely, sql } from 'kysely';
import type { RowId } from '../cascade/row-id.js';
import { actorText, auditIdArray } from '../cascade/soft-delete-sql.js';
import type { LifecycleKind } from '../lifecycle/lifecycle-hooks.js';
import type { LifecycleStatement } from '../lifecycle/lifecycle-statement.js';
import { OUTBOX_TABLE } from './outbox-migration.js';

/**
 * Writes one operation's events to the outbox, in the caller's transaction: ONE row per table
 * (the ids of all its statements together), in ONE `INSERT`.
 */
export async function writeOutboxEvents(
  // biome-ignore lint/suspicious/noExplicitAny: any database schema.
  trx: Kysely<any>,
  kind: LifecycleKind,
  batchId: string,
  actorId: RowId | null,
  statements: readonly LifecycleStatement[],
): Promise<void> {
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
