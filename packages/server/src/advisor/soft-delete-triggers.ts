import { type Kysely, sql } from 'kysely';
import type { SoftDeleteColumn } from '../plugin/soft-delete-column.js';
import type { AdvisorFinding } from './advisor-finding.js';
import { quoteIdent } from './live-predicate.js';

interface Trigger {
  name: string;
  table: string;
  definition: string;
  qualifier: string | null;
  columns: string[];
}

/**
 * Row-level `UPDATE` triggers of soft-deletable tables that fire on the soft-delete `UPDATE` too
 * (no column list, or one naming the flag; no `WHEN` on the flag): every delete and restore runs
 * them for every row it flips, cascades included — often not what they were written for (an
 * `updated_at` bump, a search re-index) and a cost per row of a set-based statement.
 */
export async function triggerFindings(
  // biome-ignore lint/suspicious/noExplicitAny: works on any database schema.
  db: Kysely<any>,
  tables: Readonly<Record<string, SoftDeleteColumn>>,
): Promise<AdvisorFinding[]> {
  const { rows } = await sql<Trigger>`
    select g.tgname::text as name, t.relname::text as table, pg_get_triggerdef(g.oid) as definition,
           case when g.tgqual is null then null else pg_get_triggerdef(g.oid) end as qualifier,
           array(select a.attname::text from unnest(g.tgattr::int2[]) k(n)
                 join pg_attribute a on a.attrelid = g.tgrelid and a.attnum = k.n) as columns
    from pg_trigger g
    join pg_class t on t.oid = g.tgrelid
    where not g.tgisinternal and (g.tgtype & 16) <> 0 and (g.tgtype & 1) <> 0 and g.tgparentid = 0
      and t.relnamespace = current_schema()::regnamespace and t.relname::text = any(${Object.keys(tables)}::text[])
    order by t.relname, g.tgname
  `.execute(db);
  const findings: AdvisorFinding[] = [];
  for (const trigger of rows) {
    const column = (tables[trigger.table] as SoftDeleteColumn).column;
    if (trigger.columns.length > 0 && !trigger.columns.includes(column)) continue;
    const when = /\bWHEN\s*\(([\s\S]*)\)\s+EXECUTE\b/i.exec(trigger.qualifier ?? '');
    if (when?.[1]?.toLowerCase().includes(column.toLowerCase())) continue;
    const guard = `(old.${quoteIdent(column)} IS NOT DISTINCT FROM new.${quoteIdent(column)})`;
    const fixed = when
      ? trigger.definition.replace(/\bWHEN\s*\(([\s\S]*)\)\s+EXECUTE\b/i, `WHEN (($1) AND ${guard}) EXECUTE`)
      : trigger.definition.replace(/\s+EXECUTE\s+(FUNCTION|PROCEDURE)\b/i, ` WHEN ${guard} EXECUTE $1`);
    findings.push({
      rule: 'trigger-on-soft-delete',
      severity: 'warning',
      table: trigger.table,
      object: trigger.name,
      message:
        `Trigger "${trigger.name}" on "${trigger.table}" fires on the soft-delete UPDATE of "${column}" too ` +
        `(every delete and restore runs it per row, cascades included). Skip it there with a WHEN clause.`,
      fix: `DROP TRIGGER ${quoteIdent(trigger.name)} ON ${quoteIdent(trigger.table)}; ${fixed};`,
    });
  }
  return findings;
}
