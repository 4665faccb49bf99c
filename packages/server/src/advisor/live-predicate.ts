import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';

/** `"col"` quoted as an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The live-row predicate as SQL text: `NOT "is_deleted"` / `"deleted_at" IS NULL`. */
export function liveSql(softDelete: SoftDeleteColumn): string {
  const column = quoteIdent(softDelete.column);
  return softDelete.kind === 'boolean' ? `NOT ${column}` : `${column} IS NULL`;
}

/** Whether an index predicate (as `pg_get_expr` prints it) selects the live rows of the column. */
export function isLivePredicate(predicate: string | null, softDelete: SoftDeleteColumn): boolean {
  if (predicate === null) return false;
  const text = predicate.toLowerCase().replace(/[()"\s]/g, '');
  const column = softDelete.column.toLowerCase();
  const forms =
    softDelete.kind === 'boolean'
      ? [`not${column}`, `${column}=false`, `${column}isfalse`, `${column}<>true`]
      : [`${column}isnull`];
  return forms.some((form) => text === form || text.includes(`and${form}`) || text.startsWith(`${form}and`));
}
