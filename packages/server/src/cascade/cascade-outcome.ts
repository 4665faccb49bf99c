import type { LifecycleStatement } from '../lifecycle/lifecycle-statement.js';
import type { Relation } from './relation-graph.js';
import type { RowId } from './row-id.js';

/** Rows of one table, by id, on behalf of an actor: what a delete or a restore asks for. */
export interface OperationRequest {
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
  /**
   * Refuse with a `LargeOperationError`, changing nothing, a call that would change more rows
   * than this (cascades included). Each statement counts its candidates first (stopping at the
   * limit), so a refused call costs at most `maxRows` rows of work, whatever the real size.
   */
  maxRows?: number;
}

/** What a soft delete asks for, and how a job's chunk writes into the audit trail. */
export interface SoftDeleteRequest extends OperationRequest {
  /** The audit batch to write into (a job's chunks share one). Default: a new batch. */
  batchId?: string;
  /**
   * The rows are children cascaded along this relation (a job's chunk): audited as `cascade`
   * entries of `via.parentTable`, each with its parent id, so an exact restore of the parent
   * finds them. Default: a direct delete.
   */
  via?: Relation;
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
export interface RestoreRequest extends OperationRequest {
  /**
   * Restore the requested rows only, not what their delete cascaded to (a job restores the rest
   * entry by entry afterwards). Default `false`.
   */
  alone?: boolean;
}

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
