import { type Kysely, sql } from 'kysely';
import type { RowId } from '../cascade/row-id.js';
import { savepoint, sqlState } from '../cascade/savepoint.js';
import { idArray, keyOut } from '../cascade/soft-delete-sql.js';
import type { LifecycleStatement } from '../lifecycle/lifecycle-statement.js';

/** RESTRICT (`23001`) or NO ACTION (`23503`) refused the DELETE. */
function isForeignKeyRefusal(error: unknown): boolean {
  const state = sqlState(error);
  return state === '23001' || state === '23503';
}

/** What {@link hardDeleteIds} did. */
export interface HardDeleteOutcome {
  /** Ids deleted (canonical). */
  deleted: RowId[];
  /** Ids a foreign key refused (RESTRICT / NO ACTION): nothing of them changed. */
  blocked: RowId[];
  /** What `removals` found the database removed with the deleted ids (`ON DELETE CASCADE`). */
  cascaded: LifecycleStatement[];
}

/**
 * Really deletes rows of one table by id, set-based; the database applies its foreign-key
 * actions. When a RESTRICT / NO ACTION key refuses (`23001` / `23503`), starts over one id at a time, each
 * in its own savepoint, and reports the refused ones. Ids not found are in neither list.
 * `removals`, when given, runs just before each `DELETE` on the ids it deletes (see
 * `collectCascadedRemovals`); what it found for a refused id is dropped with its savepoint.
 */
export async function hardDeleteIds(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema.
  trx: Kysely<any>,
  table: string,
  idColumn: string,
  type: string,
  ids: readonly RowId[],
  removals?: (ids: readonly RowId[]) => Promise<LifecycleStatement[]>,
): Promise<HardDeleteOutcome> {
  if (ids.length === 0) return { deleted: [], blocked: [], cascaded: [] };
  const cascaded: LifecycleStatement[] = [];
  const run = async (some: readonly RowId[]) => {
    const found = removals ? await removals(some) : [];
    const key = sql.id(idColumn);
    // Raw SQL: a plugin in rewriteDeletes mode must not turn this into a soft delete.
    const { rows } = await sql<{ id: RowId }>`
      delete from ${sql.table(table)} where ${key} = any(${idArray(some, type)}) returning ${keyOut(type, key)} as id
    `.execute(trx);
    cascaded.push(...found);
    return rows.map((r) => r.id);
  };
  const all = await savepoint(trx);
  try {
    const deleted = await run(ids);
    await all.release();
    return { deleted, blocked: [], cascaded };
  } catch (error) {
    await all.rollback();
    if (!isForeignKeyRefusal(error)) throw error;
  }
  const deleted: RowId[] = [];
  const blocked: RowId[] = [];
  for (const id of ids) {
    const one = await savepoint(trx);
    try {
      deleted.push(...(await run([id])));
      await one.release();
    } catch (error) {
      await one.rollback();
      if (!isForeignKeyRefusal(error)) throw error;
      blocked.push(id);
    }
  }
  return { deleted, blocked, cascaded };
}
