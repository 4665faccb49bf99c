import type { LifecycleStatement } from '../lifecycle/lifecycle-statement.js';
import type { RowId } from './row-id.js';

/** What a soft delete asks for: rows of one table, by id, on behalf of an actor. */
export interface SoftDeleteRequest {
  table: string;
  /**
   * The ids, of the table's key type: numbers for `smallint` / `integer`, numbers or decimal
   * strings for `bigint`, strings for `uuid` and `text`. Outcomes report them in the form given.
   */
  ids: readonly RowId[];
  /** Who deletes (written to the audit trail as text); `null` for the system. */
  actorId: RowId | null;
  /** Report every statement's rows in the outcome's `statements` (for hooks and the outbox). */
  statements?: boolean;
}

/** A requested row that was not deleted because a live row still references its tree. */
export interface CascadeBlock {
  /** The requested id whose delete was refused. */
  id: RowId;
  /** The table holding the live referencing rows. */
  table: string;
  /** How many live rows of `table` block it. */
  count: number;
  /** The RESTRICT / NO ACTION foreign key they block through, e.g. `comment_article_id_fkey`. */
  constraint: string;
  /** Says which rows block and what to do, e.g. `Cannot delete article 7: 2 live rows in "comment" reference it (RESTRICT).` */
  message: string;
}

/** The result of {@link softDeleteRows}, one list per fate of a requested id. */
export interface SoftDeleteOutcome {
  /** The batch the new deletions share in the audit trail; `null` when nothing was deleted. */
  batchId: string | null;
  /** Ids deleted now (with their cascades). */
  deleted: RowId[];
  /** Ids that were deleted already: untouched, original time and actor kept, no new audit row. */
  alreadyDeleted: RowId[];
  /** Ids with no row. */
  missing: RowId[];
  /** Ids refused because a live RESTRICT / NO ACTION child references their tree: nothing of it changed. */
  blocked: CascadeBlock[];
  /** Rows soft-deleted by cascade, per table. */
  cascaded: Record<string, number>;
  /** Each statement's rows (canonical ids), when the request asked for `statements`. */
  statements?: LifecycleStatement[];
}

/** What a restore asks for. */
export type RestoreRequest = SoftDeleteRequest;

/** Why a requested row could not be restored. */
export type RestoreConflictReason = 'parent-deleted' | 'unique';

/** A requested row left deleted, with nothing of its tree restored. */
export interface RestoreConflict {
  id: RowId;
  reason: RestoreConflictReason;
  /** Names the deleted parent or the unique column, and what to do. */
  message: string;
}

/** The result of {@link restoreRows}. */
export interface RestoreOutcome {
  /** Ids restored now, each with exactly the rows its own delete cascaded to. */
  restored: RowId[];
  /** Ids that were live already (unchanged). */
  alreadyLive: RowId[];
  /** Ids with no row. */
  missing: RowId[];
  conflicts: RestoreConflict[];
  /** Rows restored along with the requested ones, per table. */
  cascaded: Record<string, number>;
  /** Each table's restored rows (canonical ids), when the request asked for `statements`. */
  statements?: LifecycleStatement[];
}

/** Progress of {@link purgeDeleted}, reported after every chunk. */
export interface PurgeProgress {
  table: string;
  /** Rows of `table` purged so far. */
  purged: number;
  /** Rows of `table` old enough to purge when the run started. */
  total: number;
  /** Rows purged so far over all tables. */
  overallPurged: number;
  /** Rows old enough to purge over all tables when the run started. */
  overallTotal: number;
}

/** What {@link purgeDeleted} did (or, in a dry run, would do). */
export interface PurgeResult {
  olderThan: Date;
  dryRun: boolean;
  /** Rows hard-deleted per table (a dry run: rows old enough to purge). */
  tables: Record<string, number>;
  /** Rows old enough but kept because a live or more recently deleted row still references them. */
  kept: Record<string, number>;
  /** Sum of `tables`. */
  total: number;
  /** Rows old enough to purge but skipped because their batch is under a legal hold, per table. */
  held: Record<string, number>;
}
