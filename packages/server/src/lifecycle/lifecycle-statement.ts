import type { RowId } from '../cascade/row-id.js';

/** Why a statement touched its rows: the caller asked for them, or a foreign key took them along. */
export type LifecycleCause = 'direct' | 'cascade';

/**
 * What one set-based statement of a delete, restore, hard delete or purge changed: the rows of
 * one table, and (for cascaded rows) the rows of the parent table they followed.
 */
export interface LifecycleStatement {
  table: string;
  ids: RowId[];
  cause: LifecycleCause;
  /** The parent rows a cascaded statement followed (its distinct parent ids). */
  parent?: { table: string; ids: RowId[] };
}
