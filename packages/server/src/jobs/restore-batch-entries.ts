import { type Kysely, type RawBuilder, sql } from 'kysely';
import { planRestoreChecks } from '../cascade/plan-restore.js';
import {
  idColumnOf,
  keyTypeOf,
  type Relation,
  type RelationGraph,
  softDeleteColumnOf,
} from '../cascade/relation-graph.js';
import type { RowId } from '../cascade/row-id.js';
import {
  AUDIT_TABLE,
  actorText,
  auditIdAs,
  idsOf,
  isDeleted,
  isLive,
  keyOut,
  markLive,
} from '../cascade/soft-delete-sql.js';
import { isUniqueViolation } from '../cascade/unique-violation.js';
import type { LifecycleStatement } from '../lifecycle/lifecycle-statement.js';
import type { JobRun } from './job-context.js';
import { runConcurrently } from './run-concurrently.js';

/** A row a job left in the trash because restoring it would break a unique key. */
export interface JobConflict {
  table: string;
  id: string;
  message: string;
}

/** What {@link restoreBatchEntries} did. */
export interface EntryRestoreResult {
  /** Rows brought back. */
  restored: number;
  /** Rows left in the trash for a unique key (at most 100 listed; `restored` counts the rest). */
  conflicts: JobConflict[];
}

interface Entry {
  id: string;
  table_name: string;
  parent_table: string;
  /** Whether some of its rows were restored or purged already. */
  partly_closed: boolean;
}

const MAX_LISTED_CONFLICTS = 100;

/**
 * Brings back, set-based and entry by entry (each entry of the audit trail one transaction), the
 * rows the cascade entries of `batchIds` still hold in the trash whose parents are all live —
 * repeated until a pass changes nothing, so parents come back before their children and a row
 * never comes back under a deleted parent. Ids never leave the database (except, with hooks, one
 * entry's at a time). A row whose unique key a live row holds now stays in the trash (found by
 * halving the entry until the row is alone), and so does everything under it.
 *
 * This is how a job restores what a large delete took, after the requested rows, and how a
 * delete job refused by a RESTRICT key puts back what it had already flagged under that row.
 */
export async function restoreBatchEntries(
  run: JobRun,
  batchIds: readonly string[],
): Promise<EntryRestoreResult> {
  const result: EntryRestoreResult = { restored: 0, conflicts: [] };
  if (batchIds.length === 0) return result;
  for (;;) {
    const { rows: entries } = await sql<Entry>`
      select id::text as id, table_name, parent_table,
             cardinality(restored_ids) + cardinality(purged_ids) > 0 as partly_closed
      from ${sql.table(AUDIT_TABLE)}
      where batch_id = any(${[...batchIds]}::uuid[]) and cause = 'cascade' and open
      order by id
    `.execute(run.db);
    let restoredInPass = 0;
    // Table by table, in the order the delete wrote them (parents first); the entries of one
    // table hold disjoint rows, so up to `concurrency` of them run at once.
    for (const group of groupByTable(entries.filter((e) => e.table_name in run.graph.tables))) {
      const counts = await runConcurrently(group, run.concurrency, (entry) =>
        restoreEntry(run, entry, null, result),
      );
      restoredInPass += counts.reduce((a, b) => a + b, 0);
    }
    result.restored += restoredInPass;
    if (restoredInPass === 0) return result;
  }
}

/** Entries grouped by table, groups in the order their table first appears. */
function groupByTable(entries: readonly Entry[]): Entry[][] {
  const groups = new Map<string, Entry[]>();
  for (const entry of entries) {
    const group = groups.get(entry.table_name) ?? [];
    group.push(entry);
    groups.set(entry.table_name, group);
  }
  return [...groups.values()];
}

/**
 * Open rows of an entry with ids (as text) in `(after, upTo]`; unbounded where a bound is absent.
 * Bounds are values, not offsets, so they stay right while halves are restored.
 */
interface IdRange {
  after?: string;
  upTo?: string;
}

/** Restores the open rows of one entry (or of `range` of them); returns how many. */
async function restoreEntry(
  run: JobRun,
  entry: Entry,
  range: IdRange | null,
  result: EntryRestoreResult,
): Promise<number> {
  try {
    return await run.chunk(
      async (trx, atEnd) => {
        const { count, statement } = await restoreEntryRows(trx, run, entry, range);
        const lifecycle = run.lifecycle;
        if (lifecycle && statement) {
          await lifecycle.run(trx, 'restore', run.jobId, run.actorId, [statement], atEnd);
        }
        return count;
      },
      (count) => count,
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  // A unique key refused a row: halve the range until the row is alone.
  const ids = await openIds(run.db, entry, range);
  if (ids.length <= 1) {
    const id = ids[0] ?? '?';
    // Later passes meet the same row again: list it once.
    const listed = result.conflicts.some((c) => c.table === entry.table_name && c.id === id);
    if (!listed && result.conflicts.length < MAX_LISTED_CONFLICTS) {
      result.conflicts.push({
        table: entry.table_name,
        id,
        message: `Left in the trash: a live row of "${entry.table_name}" now holds the same unique value.`,
      });
    }
    return 0;
  }
  const mid = ids[Math.floor(ids.length / 2) - 1] as string;
  return (
    (await restoreEntry(run, entry, { ...range, upTo: mid }, result)) +
    (await restoreEntry(run, entry, { ...range, after: mid }, result))
  );
}

/**
 * The entry's rows still in the trash (neither restored nor purged), as text, within `range`.
 * An entry nothing was taken from yet is just unnested (no set difference to hash).
 */
function openRows(entry: Entry, range: IdRange | null): RawBuilder<unknown> {
  const audit = sql.table(AUDIT_TABLE);
  const rows =
    entry.partly_closed || range
      ? sql`select unnest(d.row_ids) except select unnest(d.restored_ids) except select unnest(d.purged_ids)`
      : sql`select unnest(d.row_ids)`;
  const after = range?.after === undefined ? sql`` : sql`and u.row_id > ${range.after}`;
  const upTo = range?.upTo === undefined ? sql`` : sql`and u.row_id <= ${range.upTo}`;
  return sql`
    select u.row_id from ${audit} d cross join lateral (${rows}) as u(row_id)
    where d.id = ${entry.id}::bigint ${after} ${upTo}`;
}

async function restoreEntryRows<DB>(
  trx: Kysely<DB>,
  run: JobRun,
  entry: Entry,
  range: IdRange | null,
): Promise<{ count: number; statement?: LifecycleStatement }> {
  const { graph } = run;
  const table = entry.table_name;
  const softDelete = softDeleteColumnOf(graph, table);
  const key = sql.id('c', idColumnOf(graph, table));
  const type = keyTypeOf(graph, table);
  const via = cascadeRelation(graph, table, entry.parent_table);
  const withIds = run.lifecycle !== undefined;
  const { rows } = await sql<{ count: number; ids?: RowId[]; parent_ids?: RowId[] }>`
    with open as (${openRows(entry, range)}),
    restored as (
      update ${sql.table(table)} c set ${markLive(softDelete)}
      where ${key} = any(array(select ${auditIdAs(type, sql`row_id`)} from open))
        and ${isDeleted(softDelete, 'c')} and ${parentsLive(graph, table)}
      returning ${keyOut(type, key)} as id
        ${via ? sql`, ${keyOut(keyTypeOf(graph, via.parentTable), sql.id('c', via.childColumn))} as parent_id` : sql``}
    ), closed as (
      update ${sql.table(AUDIT_TABLE)} d
      -- All of an untouched entry's rows back: its ids are row_ids, whose stored (compressed)
      -- value is reused instead of aggregated and compressed again.
      set restored_ids = case
            when cardinality(d.restored_ids) + cardinality(d.purged_ids) = 0
             and (select count(*) from restored) = cardinality(d.row_ids) then d.row_ids
            else d.restored_ids || (select array_agg(id::text) from restored)
          end,
          restored_at = now(), restored_by = ${actorText(run.actorId)}
      where d.id = ${entry.id}::bigint and exists (select 1 from restored)
    )
    select count(*)::int as count
      ${withIds ? sql`, ${idsOf('id')} as ids` : sql``}
      ${withIds && via ? sql`, coalesce(array_agg(distinct parent_id), '{}') as parent_ids` : sql``}
    from restored
  `.execute(trx);
  const row = rows[0];
  const count = row?.count ?? 0;
  if (!withIds || count === 0) return { count };
  return {
    count,
    statement: {
      table,
      ids: row?.ids ?? [],
      cause: 'cascade',
      parent: { table: entry.parent_table, ids: row?.parent_ids ?? [] },
    },
  };
}

/** Every CASCADE / RESTRICT / NO ACTION parent of the row `c` is live (or the key is null). */
function parentsLive(graph: RelationGraph, table: string): RawBuilder<boolean> {
  const checks = planRestoreChecks(graph, [table]).map((relation) => {
    const fk = sql.id('c', relation.childColumn);
    return sql`(${fk} is null or exists (
      select 1 from ${sql.table(relation.parentTable)} p
      where ${sql.id('p', relation.parentColumn)} = ${fk} and ${isLive(softDeleteColumnOf(graph, relation.parentTable), 'p')}
    ))`;
  });
  return checks.length === 0 ? sql<boolean>`true` : sql<boolean>`${sql.join(checks, sql` and `)}`;
}

/** The CASCADE key from `child` to `parent` a cascade entry followed (the first, if several). */
function cascadeRelation(graph: RelationGraph, child: string, parent: string): Relation | undefined {
  return (graph.parents.get(child) ?? []).find((r) => r.parentTable === parent && r.onDelete === 'cascade');
}

/** The open ids of an entry within `range`, in order (only while halving a refused entry). */
async function openIds<DB>(db: Kysely<DB>, entry: Entry, range: IdRange | null): Promise<string[]> {
  const { rows } = await sql<{ row_id: string }>`
    select row_id from (${openRows(entry, range)}) o order by row_id
  `.execute(db);
  return rows.map((r) => r.row_id);
}
