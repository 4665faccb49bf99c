import { randomUUID } from 'node:crypto';
import type { ReferenceDb } from './reference-database.js';

/**
 * Writes a `running` delete job whose process died an hour ago, before its first chunk: what a
 * crash right after `runDeleteJob` started leaves behind. Returns its id.
 */
export async function insertStaleDeleteJob(
  db: ReferenceDb,
  job: { table: string; id: number; actorId: number | null; totalRows: number },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('tombstone_job')
    .values({
      id,
      operation: 'delete',
      table_name: job.table,
      row_ids: [String(job.id)],
      batch_ids: [randomUUID()],
      actor_id: job.actorId === null ? null : String(job.actorId),
      total_rows: job.totalRows,
      error: null,
      heartbeat_at: new Date(Date.now() - 3_600_000),
    })
    .execute();
  return id;
}
