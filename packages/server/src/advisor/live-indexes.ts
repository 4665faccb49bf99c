import { type Kysely, sql } from 'kysely';
import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';
import type { AdvisorFinding } from './advisor-finding.js';
import { isLivePredicate, liveSql, quoteIdent } from './live-predicate.js';

/**
 * Soft-deletable tables without a partial index over live rows that leads with the key column:
 * `list` (`where <live> and id > $cursor order by id limit n`) then walks the primary key past
 * every deleted row, so a page costs as much as the trash is large.
 */
export async function liveIndexFindings(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema.
  db: Kysely<any>,
  tables: Readonly<Record<string, SoftDeleteColumn>>,
  idColumns: Readonly<Record<string, string>>,
): Promise<AdvisorFinding[]> {
  const { rows } = await sql<{ table: string; first: string | null; predicate: string | null }>`
    select t.relname::text as table, a.attname::text as first, pg_get_expr(x.indpred, x.indrelid) as predicate
    from pg_index x
    join pg_class t on t.oid = x.indrelid
    join pg_class i on i.oid = x.indexrelid
    left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = x.indkey[0]
    where x.indpred is not null and not i.relispartition
      and t.relnamespace = current_schema()::regnamespace and t.relname::text = any(${Object.keys(tables)}::text[])
  `.execute(db);
  const findings: AdvisorFinding[] = [];
  for (const [table, softDelete] of Object.entries(tables)) {
    const id = idColumns[table] ?? 'id';
    const served = rows.some(
      (r) => r.table === table && r.first === id && isLivePredicate(r.predicate, softDelete),
    );
    if (served) continue;
    const name = `${table}_live_${id}_idx`;
    findings.push({
      rule: 'no-live-index',
      severity: 'warning',
      table,
      object: name,
      message:
        `No partial index serves live rows of "${table}" by "${id}" (lookups and list order): every page of ` +
        `list walks past the soft-deleted rows first.`,
      fix: `CREATE INDEX CONCURRENTLY ${quoteIdent(name)} ON ${quoteIdent(table)} (${quoteIdent(id)}) WHERE ${liveSql(softDelete)};`,
    });
  }
  return findings;
}
