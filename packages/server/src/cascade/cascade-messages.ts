import type { Relation } from './relation-graph.js';
import type { RowId } from './row-id.js';

function rows(count: number): string {
  return count === 1 ? '1 live row' : `${count} live rows`;
}

function action(relation: Relation): string {
  return relation.onDelete.toUpperCase();
}

/**
 * Why a delete of `table` `id` was refused: `count` live rows reference `parentId` (the row
 * itself, or one its delete would cascade to) through a RESTRICT / NO ACTION `relation`.
 *
 * @example
 * blockedMessage('article', 7, relation, 7, 2);
 * // 'Cannot delete article 7: 2 live rows in "comment" reference it (RESTRICT).'
 */
export function blockedMessage(
  table: string,
  id: RowId,
  relation: Relation,
  parentId: RowId,
  count: number,
): string {
  const head = `Cannot delete ${table} ${id}: ${rows(count)} in "${relation.childTable}" ${count === 1 ? 'references' : 'reference'}`;
  if (relation.parentTable === table && parentId === id) return `${head} it (${action(relation)}).`;
  return `${head} ${relation.parentTable} ${parentId}, which the delete would cascade to (${action(relation)}). Delete or reassign them first.`;
}

/**
 * Why a restore of `table` `id` was refused: `childTable` row `childId` of its tree (maybe the
 * row itself) references a parent that is still deleted.
 *
 * @example
 * parentDeletedMessage('comment', 3, relation, 3, 1);
 * // 'Cannot restore comment 3: its article 1 is still deleted (CASCADE). Restore the article first.'
 */
export function parentDeletedMessage(
  table: string,
  id: RowId,
  relation: Relation,
  childId: RowId,
  parentId: RowId,
): string {
  const fix = `Restore the ${relation.parentTable} first.`;
  if (relation.childTable === table && childId === id) {
    return `Cannot restore ${table} ${id}: its ${relation.parentTable} ${parentId} is still deleted (${action(relation)}). ${fix}`;
  }
  return `Cannot restore ${table} ${id}: ${relation.childTable} ${childId}, which it would restore, references ${relation.parentTable} ${parentId}, which is still deleted (${action(relation)}). ${fix}`;
}

/**
 * Why a restore of `table` `id` was refused: a live row holds the unique value of a row it would
 * bring back.
 *
 * @example
 * uniqueConflictMessage('author', 4, { table: 'author', columns: ['email'], constraint: 'author_email_live_key' });
 * // 'Cannot restore author 4: a live row in "author" already has the same email (author_email_live_key). …'
 */
export function uniqueConflictMessage(
  table: string,
  id: RowId,
  violation: { table: string | undefined; columns: readonly string[]; constraint: string | undefined },
): string {
  const where = violation.table ? ` in "${violation.table}"` : '';
  const what = violation.columns.length > 0 ? violation.columns.join(', ') : 'unique value';
  const name = violation.constraint ? ` (${violation.constraint})` : '';
  return `Cannot restore ${table} ${id}: a live row${where} already has the same ${what}${name}. Change that row's ${what} or delete it first.`;
}
