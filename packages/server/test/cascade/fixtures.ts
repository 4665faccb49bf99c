import { type Kysely, sql } from 'kysely';
import { loadRelationGraph } from '../../src/cascade/load-relation-graph.js';
import type { RelationGraph, RelationGraphOptions } from '../../src/cascade/relation-graph.js';
import type { Database } from '../fixtures/database.js';
import { softDeleteTables } from '../fixtures/soft-delete-tables.js';

/** The project tracker's relation graph, read from the catalog like an app does. */
export function fixtureGraph(db: Kysely<Database>, options?: RelationGraphOptions): Promise<RelationGraph> {
  return loadRelationGraph(db, softDeleteTables, options);
}

/** Ids of the soft-deleted rows of every tracker table, for "what changed" assertions. */
export async function deletedRows(db: Kysely<Database>): Promise<Record<string, number[]>> {
  const ids = async (table: 'team' | 'project' | 'task') =>
    (await db.selectFrom(table).select('id').where('is_deleted', '=', true).orderBy('id').execute()).map(
      (r) => r.id,
    );
  const labels = await db
    .selectFrom('label')
    .select('id')
    .where('deleted_at', 'is not', null)
    .orderBy('id')
    .execute();
  return {
    team: await ids('team'),
    project: await ids('project'),
    task: await ids('task'),
    label: labels.map((r) => r.id),
  };
}

/** One soft-deleted row as the grouped audit trail records it (its entry unnested). */
export interface AuditRow {
  table_name: string;
  row_id: number;
  cause: string;
  parent_table: string | null;
  parent_id: number | null;
  actor_id: number | null;
  batch_id: string;
  deleted_at: Date;
  /** The entry's latest restore, when this row is among its `restored_ids`. */
  restored_at: Date | null;
  restored_by: number | null;
  purged: boolean;
}

/**
 * The audit trail one row per soft-deleted row: every entry's `row_ids` unnested, in order (the
 * tracker tables' ids and actors are integers: read back as numbers).
 */
export async function auditRows(db: Kysely<Database>): Promise<AuditRow[]> {
  const { rows } = await sql<AuditRow>`
    select d.table_name, u.row_id::int as row_id, d.cause, d.parent_table, u.parent_id::int as parent_id,
           d.actor_id::int as actor_id, d.batch_id::text as batch_id, d.deleted_at,
           case when u.row_id = any(d.restored_ids) then d.restored_at end as restored_at,
           case when u.row_id = any(d.restored_ids) then d.restored_by::int end as restored_by,
           u.row_id = any(d.purged_ids) as purged
    from tombstone_deletion d
    cross join lateral unnest(d.row_ids, d.parent_ids) with ordinality as u(row_id, parent_id, n)
    order by d.id, u.n
  `.execute(db);
  return rows;
}

/** One grouped audit entry, as stored. */
export interface AuditEntry {
  table_name: string;
  cause: string;
  parent_table: string | null;
  batch_id: string;
  row_ids: number[];
  parent_ids: number[] | null;
  restored_ids: number[];
  purged_ids: number[];
}

/** The audit entries as stored (one per delete statement), in order. */
export async function auditEntries(db: Kysely<Database>): Promise<AuditEntry[]> {
  const { rows } = await sql<AuditEntry>`
    select table_name, cause, parent_table, batch_id::text as batch_id, row_ids::int[] as row_ids,
           parent_ids::int[] as parent_ids, restored_ids::int[] as restored_ids, purged_ids::int[] as purged_ids
    from tombstone_deletion order by id
  `.execute(db);
  return rows;
}
