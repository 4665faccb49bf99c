import { type Kysely, sql } from 'kysely';
import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';
import type { AdvisorFinding } from './advisor-finding.js';
import { isLivePredicate, liveSql, quoteIdent } from './live-predicate.js';

interface UniqueIndex {
  name: string;
  table: string;
  constraint: string | null;
  definition: string;
  predicate: string | null;
  columns: string[];
}

/**
 * Unique indexes and constraints of soft-deletable tables that are not partial over live rows
 * (the primary key and the key column's own index excepted): a soft-deleted row keeps its value,
 * so nobody can create a live row with the same value again, and restores hit `23505`.
 */
export async function uniqueIndexFindings(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema.
  db: Kysely<any>,
  tables: Readonly<Record<string, SoftDeleteColumn>>,
  idColumns: Readonly<Record<string, string>>,
): Promise<AdvisorFinding[]> {
  const { rows } = await sql<UniqueIndex>`
    select i.relname::text as name, t.relname::text as table, c.conname::text as constraint,
           pg_get_indexdef(x.indexrelid) as definition, pg_get_expr(x.indpred, x.indrelid) as predicate,
           array(select a.attname::text from unnest(x.indkey::int2[]) with ordinality k(n, o)
                 join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.n order by k.o) as columns
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    left join pg_constraint c on c.conindid = x.indexrelid and c.conrelid = x.indrelid and c.contype in ('u', 'p')
    where x.indisunique and not x.indisprimary and not i.relispartition
      and t.relnamespace = current_schema()::regnamespace and t.relname::text = any(${Object.keys(tables)}::text[])
    order by t.relname, i.relname
  `.execute(db);
  const findings: AdvisorFinding[] = [];
  for (const index of rows) {
    const softDelete = tables[index.table] as SoftDeleteColumn;
    if (index.columns.length === 1 && index.columns[0] === (idColumns[index.table] ?? 'id')) continue;
    if (isLivePredicate(index.predicate, softDelete)) continue;
    const live =
      index.predicate === null ? liveSql(softDelete) : `(${index.predicate}) AND ${liveSql(softDelete)}`;
    const create = `${index.definition.replace(/\s+WHERE\s+[\s\S]*$/i, '')} WHERE ${live};`;
    const drop = index.constraint
      ? `ALTER TABLE ${quoteIdent(index.table)} DROP CONSTRAINT ${quoteIdent(index.constraint)};`
      : `DROP INDEX ${quoteIdent(index.name)};`;
    const what = index.constraint
      ? `Unique constraint "${index.constraint}"`
      : `Unique index "${index.name}"`;
    findings.push({
      rule: 'unique-not-partial',
      severity: 'error',
      table: index.table,
      object: index.constraint ?? index.name,
      message:
        `${what} on "${index.table}" (${index.columns.join(', ')}) also covers soft-deleted rows: a deleted row ` +
        `blocks creating a live one with the same value. Make it partial over live rows.`,
      fix: `${drop} ${create}`,
    });
  }
  return findings;
}
